package dev.rollgate.jenkins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.Objects;
import org.jboss.marshalling.Marshaller;
import org.jboss.marshalling.Marshalling;
import org.jboss.marshalling.MarshallingConfiguration;
import org.jboss.marshalling.SimpleClassResolver;
import org.jboss.marshalling.Unmarshaller;
import org.jboss.marshalling.river.RiverMarshallerFactory;

/**
 * Marshals objects the way Jenkins writes and reads {@code program.dat} (workflow-support's {@code RiverWriter} and
 * {@code RiverReader}): JBoss Marshalling River with a default {@link MarshallingConfiguration}, reading back
 * through a {@link SimpleClassResolver}. Jenkins' flow-owner swap and pickles are left out, so nothing is rewritten
 * here (a {@code Secret} passes locally but is pickled in Jenkins: persist credential ids instead).
 */
public final class River {

    private River() {}

    /** The bytes Jenkins would write; a field River cannot write fails the test naming the class and the path. */
    public static byte[] marshal(Object object) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Marshaller marshaller = new RiverMarshallerFactory().createMarshaller(new MarshallingConfiguration());
            marshaller.start(Marshalling.createByteOutput(bytes));
            marshaller.writeObject(object);
            marshaller.finish();
        } catch (NotSerializableException e) {
            // This is the exception the controller would hit when saving program.dat: make it readable.
            throw new AssertionError("River cannot marshal " + describe(object) + " as Jenkins saves program.dat;"
                    + " not serializable: " + e.getMessage() + trace(e), e);
        } catch (IOException e) {
            throw new AssertionError("River failed to marshal " + describe(object) + ": " + e + trace(e), e);
        }
        return bytes.toByteArray();
    }

    /** Reads back what {@link #marshal} wrote, resolving classes through the test class loader. */
    public static <T> T unmarshal(byte[] data, Class<T> type) {
        Objects.requireNonNull(data, "data");
        MarshallingConfiguration config = new MarshallingConfiguration();
        config.setClassResolver(new SimpleClassResolver(River.class.getClassLoader()));
        try {
            Unmarshaller unmarshaller = new RiverMarshallerFactory().createUnmarshaller(config);
            unmarshaller.start(Marshalling.createByteInput(new ByteArrayInputStream(data)));
            Object read = unmarshaller.readObject();
            unmarshaller.finish();
            return type.cast(read);
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("River failed to read back a " + type.getName() + ": " + e + trace(e), e);
        }
    }

    /** Marshals and unmarshals one copy, as a controller restart would. */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T object) {
        return unmarshal(marshal(object), (Class<T>) object.getClass());
    }

    private static String describe(Object object) {
        return object == null ? "null" : "a " + object.getClass().getName();
    }

    /** River attaches where in the object graph it was (field by field) as a cause; show it in the message. */
    private static String trace(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getClass().getName().startsWith("org.jboss.marshalling")) {
                sb.append(System.lineSeparator()).append(c);
            }
        }
        return sb.toString();
    }
}
