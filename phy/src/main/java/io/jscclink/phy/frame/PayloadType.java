package io.jscclink.phy.frame;

/** What a frame's payload symbols carry; sent in the header as a 4-bit code. */
public enum PayloadType {
    /** BPSK bits (BernST, E2EC); the receiver delivers LLRs and hard bits. */
    BITS(0),
    /** Analog complex latents (C-JSCC, D-JSCC, JSCGC); the receiver delivers equalised symbols. */
    COMPLEX(1),
    /** Known reference symbols ({@link ReferenceSymbols#known}): pilot-only frames for calibration. */
    KNOWN(2);

    private final int code;

    PayloadType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @return the type for a header code, or null for an unknown code */
    public static PayloadType fromCode(int code) {
        for (PayloadType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
