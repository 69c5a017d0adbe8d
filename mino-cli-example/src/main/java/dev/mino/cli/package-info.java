/** The reference command line {@code mino}, built only on the public API of mino-core. */
package dev.mino.cli;
