package io.jscclink.phy.simd;

/**
 * Whether the SIMD kernels are in use: this JVM has the Vector API ({@code --add-modules
 * jdk.incubator.vector}, incubating in Java 17), which {@link SimdKernels} needs, and {@code
 * -Djscclink.simd=false} does not switch them off. The launcher and the tests pass the option;
 * without it every caller takes its portable path (the tests run once more that way). This class
 * does not touch the API itself, so asking never fails.
 */
public final class Simd {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("jscclink.simd"));

    private Simd() {}

    public static boolean available() {
        return AVAILABLE;
    }
}
