package org.asynchat.apicheck;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public API of some packages as lines of text, one per type and one per member, in a
 * stable order: what {@code javap -protected} shows, read through reflection (so generic types,
 * throws clauses, deprecations and constant values are included, and compiler-made members are
 * not). A type is listed when code outside the module can name it (public, or protected inside
 * such a type); a member when it is public or protected.
 */
final class ApiSignatures {

    private static final int KEPT_MODIFIERS = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
            | Modifier.FINAL | Modifier.ABSTRACT;

    private ApiSignatures() {
    }

    /** The lines for every listed type of these packages, read from a folder of class files. */
    static List<String> of(Path classes, Set<String> packages) throws Exception {
        List<Class<?>> types = new ArrayList<>();
        ClassLoader loader = ApiSignatures.class.getClassLoader();
        for (String pkg : packages) {
            for (Path file : PublicApiTest.classFiles(classes.resolve(pkg.replace('.', '/')))) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (simple.equals("package-info") || simple.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(pkg + "." + simple, false, loader);
                if (visible(type)) {
                    types.add(type);
                }
            }
        }
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        List<String> lines = new ArrayList<>();
        for (Class<?> type : types) {
            lines.add(header(type));
            Set<String> members = new TreeSet<>();
            for (Field f : type.getDeclaredFields()) {
                if (visible(f)) {
                    members.add(field(f));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c) && !type.isEnum()) {
                    members.add(executable(c, null));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m)) {
                    members.add(executable(m, m.getGenericReturnType()));
                }
            }
            members.forEach(m -> lines.add("  " + m));
        }
        return lines;
    }

    private static boolean visible(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        int m = type.getModifiers();
        if (type.getEnclosingClass() == null) {
            return Modifier.isPublic(m);
        }
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && visible(type.getEnclosingClass());
    }

    private static boolean visible(Member member) {
        int m = member.getModifiers();
        return !member.isSynthetic() && (Modifier.isPublic(m) || Modifier.isProtected(m));
    }

    private static String header(Class<?> type) {
        StringBuilder sb = new StringBuilder(deprecation(type));
        int m = type.getModifiers() & KEPT_MODIFIERS;
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
        } else if (type.isInterface()) {
            kind = "interface";
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        if (type.isInterface() || type.isEnum() || type.isRecord()) {
            m &= ~(Modifier.ABSTRACT | Modifier.FINAL); // implied by the kind
        }
        if (type.isSealed()) {
            sb.append(Modifier.toString(m)).append(m == 0 ? "" : " ").append("sealed ");
        } else if (m != 0) {
            sb.append(Modifier.toString(m)).append(' ');
        }
        sb.append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            sb.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(type.isInterface() ? " extends " : " implements ").append(names(interfaces));
        }
        if (type.isSealed()) {
            sb.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName)
                    .sorted().collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    private static String field(Field f) throws IllegalAccessException {
        StringBuilder sb = new StringBuilder(deprecation(f));
        sb.append(Modifier.toString(f.getModifiers() & KEPT_MODIFIERS)).append(' ')
                .append(f.getGenericType().getTypeName()).append(' ').append(f.getName());
        int m = f.getModifiers();
        if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m)
                && (f.getType().isPrimitive() || f.getType() == String.class)) {
            Object value = f.get(null); // compiled into callers: a changed value is an API change
            sb.append(" = ").append(value instanceof String s ? '"' + s + '"' : String.valueOf(value));
        }
        return sb.toString();
    }

    private static String executable(Executable e, Type returnType) {
        StringBuilder sb = new StringBuilder(deprecation(e));
        sb.append(Modifier.toString(e.getModifiers() & KEPT_MODIFIERS));
        if (e instanceof Method method && method.isDefault()) {
            sb.append(sb.isEmpty() ? "" : " ").append("default");
        }
        sb.append(' ');
        String typeParameters = typeParameters(e.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            sb.append(typeParameters.substring(1)).append(' ');
        }
        if (returnType != null) {
            sb.append(returnType.getTypeName()).append(' ').append(e.getName());
        } else {
            sb.append(e.getDeclaringClass().getSimpleName());
        }
        String parameters = names(e.getGenericParameterTypes());
        if (e.isVarArgs()) {
            parameters = parameters.substring(0, parameters.length() - 2) + "...";
        }
        sb.append('(').append(parameters).append(')');
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            sb.append(" throws ").append(names(exceptions));
        }
        return sb.toString();
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return " <" + Arrays.stream(variables).map(v -> {
            Type[] bounds = v.getBounds();
            boolean plain = bounds.length == 1 && bounds[0] == Object.class;
            return v.getName() + (plain ? "" : " extends " + Arrays.stream(bounds).map(Type::getTypeName)
                    .collect(Collectors.joining(" & ")));
        }).collect(Collectors.joining(", ")) + ">";
    }

    private static String names(Type[] types) {
        return Arrays.stream(types).map(Type::getTypeName).collect(Collectors.joining(", "));
    }

    private static String deprecation(java.lang.reflect.AnnotatedElement element) {
        Deprecated d = element.getAnnotation(Deprecated.class);
        if (d == null) {
            return "";
        }
        return d.forRemoval() ? "@Deprecated(forRemoval) " : "@Deprecated ";
    }
}
