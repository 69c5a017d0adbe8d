package dev.mino.layers;

/** Where a layer was found, in the order the places are searched. */
public enum LayerSource {

    /** {@code <project>/.mino/layers/<name>/}, used only when the project's layers are trusted. */
    PROJECT,

    /** {@code <config dir>/layers/<name>/}, the user's own layers. */
    USER,

    /** Shipped inside this library, from the {@code images/} folder of its source tree. */
    BUILT_IN
}
