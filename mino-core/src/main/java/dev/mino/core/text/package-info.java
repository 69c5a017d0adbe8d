/**
 * Text shown to a person: {@link dev.mino.core.text.DisplayText} makes characters that a
 * terminal would act on or that reorder or hide text visible as escapes.
 */
package dev.mino.core.text;
