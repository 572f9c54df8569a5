package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;

/**
 * Shim of core's {@code ListBoxModel}: the options a {@code doFill*Items} method returns for a drop-down. The real
 * class is also a Stapler {@code HttpResponse} that writes itself as JSON; the shim is only the list.
 */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> {

    private static final long serialVersionUID = 1L;

    /** One entry: what is shown, what is submitted, and whether it starts selected. */
    public static final class Option {
        @NonNull
        public String name;

        @NonNull
        public String value;

        public boolean selected;

        public Option(@NonNull String name, @NonNull String value) {
            this(name, value, false);
        }

        public Option(@NonNull String name) {
            this(name, name, false);
        }

        public Option(@NonNull String name, @NonNull String value, boolean selected) {
            this.name = name;
            this.value = value;
            this.selected = selected;
        }

        @Override
        public String toString() {
            return name + "=" + value + (selected ? "[selected]" : "");
        }
    }

    public ListBoxModel() {}

    public void add(@NonNull String displayName, @NonNull String value) {
        add(new Option(displayName, value));
    }

    /** Adds an option whose name and value are the same. */
    public ListBoxModel add(@NonNull String nameAndValue) {
        add(nameAndValue, nameAndValue);
        return this;
    }
}
