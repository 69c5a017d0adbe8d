package dev.mino.embedding;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The types a class file links to: the names of its class constants and every type in its field,
 * method and invocation descriptors. Enough of the class file format to find what a class would
 * load; attributes (annotations' string values, Kotlin's metadata, debug tables) are skipped,
 * since nothing resolves them as classes.
 */
final class ClassReferences {
    private static final int UTF8 = 1;
    private static final int CLASS = 7;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_TYPE = 16;

    private ClassReferences() {
    }

    /** Internal names ({@code a/b/C}) of every type the class file refers to. */
    static Set<String> of(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Set<Integer> typeNames = new LinkedHashSet<>();
        Set<Integer> descriptors = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS -> typeNames.add(in.readUnsignedShort());
                case NAME_AND_TYPE -> {
                    in.readUnsignedShort();
                    descriptors.add(in.readUnsignedShort());
                }
                case METHOD_TYPE -> descriptors.add(in.readUnsignedShort());
                case 8, 19, 20 -> in.readUnsignedShort();          // String, Module, Package
                case 15 -> in.skipBytes(3);                         // MethodHandle
                case 3, 4, 9, 10, 11, 17, 18 -> in.readInt();       // Integer, Float, refs, dynamic
                case 5, 6 -> {                                      // Long, Double take two slots
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipBytes(6);                                            // access, this, super
        in.skipBytes(2 * in.readUnsignedShort());                   // interfaces (class constants)
        for (int members = 0; members < 2; members++) {             // fields, then methods
            int n = in.readUnsignedShort();
            for (int m = 0; m < n; m++) {
                in.skipBytes(4);                                    // access, name
                descriptors.add(in.readUnsignedShort());
                skipAttributes(in);
            }
        }
        Set<String> types = new LinkedHashSet<>();
        for (int index : typeNames) {
            String name = utf8[index];
            types.add(name.startsWith("[") ? elementType(name) : name);
        }
        for (int index : descriptors) {
            addDescriptorTypes(utf8[index], types);
        }
        types.remove(null);
        return types;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int a = 0; a < n; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }

    private static String elementType(String arrayName) {
        int l = arrayName.indexOf('L');
        return l < 0 ? null : arrayName.substring(l + 1, arrayName.length() - 1);
    }

    private static void addDescriptorTypes(String descriptor, Set<String> types) {
        int at = descriptor.indexOf('L');
        while (at >= 0) {
            int end = descriptor.indexOf(';', at);
            types.add(descriptor.substring(at + 1, end));
            at = descriptor.indexOf('L', end);
        }
    }
}
