package dev.rollgate.jenkins.shim;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One member of an API type as a line of text, the same way in both builds: {@code ShimMembersTest} (offline) writes
 * {@code shim-members.txt} with it from the shim, and {@code ShimDriftTest} (the real build) describes the real
 * Jenkins classes with it to find each listed line. A test source of both, never shipped.
 */
public final class MemberText {

    private MemberText() {
    }

    /** Public or protected: what a plugin can see. */
    public static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** {@code public abstract class hudson.model.Run<JobT extends ...>}, {@code public @interface ...}. */
    public static String declaration(Class<?> type) {
        int mods = type.getModifiers() & Modifier.classModifiers();
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (type.isInterface()) {
            kind = "interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (type.isEnum()) {
            kind = "enum";
            mods &= ~(Modifier.FINAL | Modifier.ABSTRACT); // implied by the enum's constants, not by the source
        } else {
            kind = "class";
        }
        return modifiers(mods) + kind + " " + type.getName() + typeParameterDeclarations(type.getTypeParameters());
    }

    /** @param ignored modifiers left out (those that change no caller, for comparing with the real classes) */
    public static String field(Field f, int ignored) {
        return deprecated(f) + modifiers(f.getModifiers() & Modifier.fieldModifiers() & ~ignored)
                + f.getGenericType().getTypeName() + " " + f.getName();
    }

    public static String constructor(Constructor<?> c, int ignored) {
        return deprecated(c) + modifiers(c.getModifiers() & Modifier.constructorModifiers() & ~ignored)
                + typeParameters(c.getTypeParameters()) + c.getDeclaringClass().getSimpleName() + parameters(c)
                + exceptions(c);
    }

    public static String method(Method m, int ignored) {
        String defaultValue = m.getDefaultValue() == null ? "" : " default " + value(m.getDefaultValue());
        return deprecated(m) + modifiers(m.getModifiers() & Modifier.methodModifiers() & ~ignored)
                + (m.isDefault() ? "default " : "") + typeParameters(m.getTypeParameters())
                + m.getGenericReturnType().getTypeName() + " " + m.getName() + parameters(m) + exceptions(m)
                + defaultValue;
    }

    /** {@code @Deprecated } before a deprecated element's text. */
    public static String deprecated(AnnotatedElement element) {
        return element.isAnnotationPresent(Deprecated.class) ? "@Deprecated " : "";
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        String declared = typeParameterDeclarations(variables);
        return declared.isEmpty() ? "" : declared + " ";
    }

    private static String typeParameterDeclarations(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            List<Type> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).toList();
            return bounds.isEmpty() ? v.getName()
                    : v.getName() + " extends " + bounds.stream().map(Type::getTypeName).collect(Collectors.joining(" & "));
        }).collect(Collectors.joining(", ", "<", ">"));
    }

    private static String parameters(Executable e) {
        Type[] types = e.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String name = types[i].getTypeName();
            if (e.isVarArgs() && i == types.length - 1) {
                name = name.substring(0, name.length() - 2) + "...";
            }
            names.add(name);
        }
        return names.stream().collect(Collectors.joining(", ", "(", ")"));
    }

    /** Checked exceptions only: unchecked ones in a {@code throws} clause change no caller. */
    private static String exceptions(Executable e) {
        List<String> checked = new ArrayList<>();
        Class<?>[] raw = e.getExceptionTypes();
        Type[] generic = e.getGenericExceptionTypes();
        for (int i = 0; i < raw.length; i++) {
            if (!RuntimeException.class.isAssignableFrom(raw[i]) && !Error.class.isAssignableFrom(raw[i])) {
                checked.add(generic[i].getTypeName());
            }
        }
        return checked.isEmpty() ? "" : " throws " + String.join(", ", checked);
    }

    private static String modifiers(int mods) {
        String text = Modifier.toString(mods);
        return text.isEmpty() ? "" : text + " ";
    }

    private static String value(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(MemberText::value).collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }
}
