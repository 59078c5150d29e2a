import {
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
  FieldError,
  Input,
  Label,
  Text,
  TextArea,
} from 'react-aria-components'

/** Props of {@link TextField}. */
export interface TextFieldProps extends AriaTextFieldProps {
  readonly label: string
  readonly description?: string
  readonly multiline?: boolean
  readonly placeholder?: string
}

/** A labelled text input or text area, with its description and validation message. */
export function TextField({
  label,
  description,
  multiline,
  placeholder,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField {...props} className="field">
      <Label className="field-label">{label}</Label>
      {multiline ? (
        <TextArea className="field-input" placeholder={placeholder} rows={3} />
      ) : (
        <Input className="field-input" placeholder={placeholder} />
      )}
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <FieldError className="field-error" />
    </AriaTextField>
  )
}
