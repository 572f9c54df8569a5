package dev.rollgate.state;

/**
 * The version of a stored document. A store gives the first version revision 1 and each replacement
 * the next number, so a writer that read revision n can only replace it while it is still n.
 */
public record Revision(long value) {

    public static final Revision FIRST = new Revision(1);

    public Revision {
        if (value < 1) {
            throw new IllegalArgumentException("revision must be at least 1, was " + value);
        }
    }

    public Revision next() {
        return new Revision(Math.addExact(value, 1));
    }

    @Override
    public String toString() {
        return "revision " + value;
    }
}
