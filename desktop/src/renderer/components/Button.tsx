import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components'

/** Props of {@link Button}. */
export interface ButtonProps extends AriaButtonProps {
  readonly variant?: 'primary' | 'secondary' | 'quiet' | 'danger'
}

/** A button (React Aria: keyboard, press and focus handling), in one of the house variants. */
export function Button({ variant = 'secondary', className, ...props }: ButtonProps) {
  return (
    <AriaButton
      {...props}
      className={`button button-${variant}${typeof className === 'string' ? ` ${className}` : ''}`}
    />
  )
}
