package conftool.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --filter} and {@code --map} expressions run in Java, without starting GraalJS, when every one of them is
 * within what {@link InlineExpression} evaluates exactly: what they keep and print is what {@link HookSession} would,
 * byte for byte. Starting GraalJS is most of a one-shot {@code conf get --filter}.
 */
public final class InlineHooks {

    /**
     * What the expressions made of one conference, as {@link HookSession.Outcome} gives it.
     *
     * @param kept   indexes of the members every filter kept, in order
     * @param mapped the JSON of what the maps made of each kept member, or null without a map
     */
    public record Outcome(List<Integer> kept, List<String> mapped) {
    }

    private final List<InlineExpression> filters;
    private final List<InlineExpression> maps;

    private InlineHooks(List<InlineExpression> filters, List<InlineExpression> maps) {
        this.filters = filters;
        this.maps = maps;
    }

    /** The Java evaluator of these expressions, or null when one of them needs GraalJS. */
    public static InlineHooks of(List<String> filters, List<String> maps) {
        List<InlineExpression> f = parse(filters);
        List<InlineExpression> m = parse(maps);
        return f == null || m == null ? null : new InlineHooks(f, m);
    }

    /**
     * The expressions' names, as {@link HookSession#names()} gives them for these hooks alone: {@code --filter}s,
     * then {@code --map}s, a repeated name followed by {@code #} and its position.
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < filters.size() + maps.size(); i++) {
            String name = i < filters.size() ? "--filter" : "--map";
            names.add(seen.add(name) ? name : name + "#" + (i + 1));
        }
        return names;
    }

    private static List<InlineExpression> parse(List<String> expressions) {
        List<InlineExpression> parsed = new ArrayList<>();
        for (String text : expressions) {
            InlineExpression e = InlineExpression.parse(text);
            if (e == null) {
                return null;
            }
            parsed.add(e);
        }
        return parsed;
    }

    /**
     * Runs the expressions over every member of the conference, given as the API's JSON (what the hooks parse).
     * Null when they meet a value whose handling is GraalJS's (a property of undefined, which throws, an object
     * converted to a string...): the caller then runs them in GraalJS, which answers or fails as it always did.
     * Nothing is printed before that is known.
     */
    public Outcome apply(String conferenceJson) {
        try {
            Object c = JsValues.parse(conferenceJson);
            Object members = c instanceof java.util.Map<?, ?> o ? o.get("activeMembers") : null;
            List<?> all = members instanceof List<?> list ? list : List.of();
            List<Integer> kept = new ArrayList<>();
            List<String> mapped = maps.isEmpty() ? null : new ArrayList<>();
            members:
            for (int i = 0; i < all.size(); i++) {
                Object m = all.get(i);
                for (InlineExpression f : filters) {
                    if (!JsValues.truthy(f.eval(m, c))) {
                        continue members;
                    }
                }
                if (mapped != null) {
                    Object v = m;
                    for (InlineExpression map : maps) {
                        v = map.eval(v, c);
                        if (v == JsValues.UNDEFINED) {
                            throw new JsValues.Unsupported("map returned undefined");
                        }
                    }
                    mapped.add(JsValues.stringify(v));
                }
                kept.add(i);
            }
            return new Outcome(kept, mapped);
        } catch (JsValues.Unsupported graalJsAnswers) {
            return null;
        }
    }
}
