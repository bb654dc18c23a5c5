import type { HTMLAttributes, Ref } from 'react'

interface HeadingProps extends HTMLAttributes<HTMLHeadingElement> {
  /** h2–h6, styled as Utrecht's heading of that level. */
  level: 2 | 3 | 4 | 5 | 6
  ref?: Ref<HTMLHeadingElement>
}

/** A heading whose level depends on where a component is placed (a card in a section, or in a group). */
export function Heading({ level, className, ...rest }: HeadingProps) {
  const Tag = `h${level}` as const
  return <Tag className={`utrecht-heading-${level}${className ? ` ${className}` : ''}`} {...rest} />
}
