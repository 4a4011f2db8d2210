namespace Calico.Selectors.Tests;

/// <summary>
/// The behaviour table for the selector language (calico-features.md §3). Rows marked "Calico" come
/// from libcalico-go/lib/selector/parser/parser_test.go and tokenizer_test.go; the rest spell out
/// the documented semantics. Labels are written "k=v,k2=v2" ("" is no labels, "k=" an empty value).
/// </summary>
public static class SelectorCases
{
    /// <summary>(selector, labels, expected match).</summary>
    public static TheoryData<string, string, bool> Matches { get; } = new()
    {
        // Calico: equality, conjunction, disjunction.
        { "a == \"b\"", "a=b", true },
        { "a == \"b\"", "a=b,c=d", true },
        { "a == \"b\"", "", false },
        { "a == \"b\"", "a=c", false },
        { "a == \"b\"", "c=d", false },
        { "a == \"b\" && c == \"d\"", "a=b,c=d", true },
        { "a == \"b\" && c == \"d\"", "", false },
        { "a == \"b\" && c == \"d\"", "a=b,c=e", false },
        { "a == \"b\" && c == \"d\"", "a=c,c=d", false },
        { "a == \"b\" && c == \"d\"", "c=d", false },
        { "a == \"b\" && c == \"d\"", "a=b", false },
        { "a == \"b\" || c == \"d\"", "a=b,c=d", true },
        { "a == \"b\" || c == \"d\"", "a=b", true },
        { "a == \"b\" || c == \"d\"", "c=d", true },
        { "a == \"b\" || c == \"d\"", "", false },
        { "a == \"b\" || c == \"d\"", "a=e,c=e", false },
        { "a == \"b\" || c == \"d\"", "c=e", false },
        { "a == \"b\" || c == \"d\"", "a=e", false },

        // Calico: sets holding quote characters.
        { "a in {\"'\", '\"', \"c\"}", "a=c", true },
        { "a in {\"'\", '\"', \"c\"}", "a=\"", true },
        { "a in {\"'\", '\"', \"c\"}", "a='", true },
        { "a in {\"'\", '\"', \"c\"}", "", false },
        { "a in {\"'\", '\"', \"c\"}", "a=e", false },
        { "a not in {\"'\", '\"', \"c\"}", "", true },
        { "a not in {\"'\", '\"', \"c\"}", "a=e", true },
        { "a not in {\"'\", '\"', \"c\"}", "a=c", false },
        { "a not in {\"'\", '\"', \"c\"}", "a=\"", false },
        { "a not in {\"'\", '\"', \"c\"}", "a='", false },

        // Calico: single operators.
        { "a == 'a'", "a=a", true },
        { "a == \"a\"", "a=a", true },
        { "a != \"b\"", "a=a", true },
        { "a != \"a\"", "", true },
        { "a == 'a'", "a=b", false },
        { "a == 'a'", "", false },
        { "a != \"a\"", "a=a", false },
        { "a != 'a'", "a=a", false },
        { "a contains \"a\"", "a=a", true },
        { "a contains \"a\"", "a=bab", true },
        { "a contains \"a\"", "a=aaa,b=c", true },
        { "a contains \"a\"", "", false },
        { "a contains \"a\"", "a=b", false },
        { "a contains \"a\"", "b=aaa", false },
        { "a starts with \"a\"", "a=a", true },
        { "a starts with \"a\"", "a=abb", true },
        { "a starts with \"a\"", "a=aaa,b=c", true },
        { "a starts with \"a\"", "", false },
        { "a starts with \"a\"", "a=b", false },
        { "a starts with \"a\"", "a=baa", false },
        { "a starts with \"a\"", "b=aaa", false },
        { "a ends with \"a\"", "a=a", true },
        { "a ends with \"a\"", "a=bba", true },
        { "a ends with \"a\"", "a=aaa,b=c", true },
        { "a ends with \"a\"", "", false },
        { "a ends with \"a\"", "a=b", false },
        { "a ends with \"a\"", "a=aab", false },
        { "a ends with \"a\"", "b=aaa", false },
        { "a in {\"a\"}", "a=a", true },
        { "a in {\"a\"}", "a=b", false },
        { "!a in {\"a\"}", "a=b", true },
        { "a in {\"a\", \"b\"}", "a=a", true },
        { "a in {\"a\", \"b\"}", "a=b", true },
        { "a in {\"a\", \"b\"}", "a=c", false },
        { "a not in {\"d\", \"e\"}", "a=a", true },
        { "a not in {\"a\"}", "a=a", false },
        { "has(a)", "a=b", true },
        { "has(b)", "a=b", false },
        { "!has(a)", "b=b", true },

        // Calico: empty selector, all(), global().
        { "", "", true },
        { " ", "", true },
        { "", "a=b", true },
        { "all()", "", true },
        { " all()", "", true },
        { " all()", "a=b", true },
        { "global()", "", true },
        { " global()", "", true },
        { " global()", "a=b", true },

        // Calico: repeated negation collapses.
        { "!!has(b)", "a=b", false },
        { "! has(a)", "a=b", false },
        { "!has(a)", "a=b", false },
        { "!!! has(a)", "a=b", false },
        { "!!!has(a)", "a=b", false },
        { "!! ! has(a)", "a=b", false },
        { "! !!has(a)", "a=b", false },

        // Calico: boolean expressions.
        { "a == 'a1' && b == 'b1'", "a=a1,b=b1", true },
        { "a == 'a1' && b != 'b1'", "a=a1,b=b1", false },
        { "a != 'a1' && b == 'b1'", "a=a1,b=b1", false },
        { "a != 'a1' && b != 'b1'", "a=a1,b=b1", false },
        { "a != 'a1' && !b == 'b1'", "a=a1,b=b1", false },
        { "!a == 'a1' && b == 'b1'", "a=a1,b=b1", false },
        { "has(a) && !has(b)", "a=a", true },
        { "!has(b) && has(a)", "a=a", true },
        { "!(!has(a) || has(b))", "a=a", true },
        { "!(has(b) || !has(a))", "a=a", true },
        { "a == 'a1' || b == 'b1'", "a=a1,b=b1", true },
        { "a == 'a1' || b != 'b1'", "a=a1,b=b1", true },
        { "a != 'a1' || b == 'b1'", "a=a1,b=b1", true },
        { "a != 'a1' || b != 'b1'", "a=a1,b=b1", false },
        { "! a == 'a1' || ! b == 'b1'", "a=a1,b=b1", false },

        // '!' binds tightest: !a == 'x' is !(a == 'x'), so it matches when a is absent.
        { "!a == 'x'", "", true },
        { "!a == 'x'", "a=x", false },
        { "!a == 'x'", "a=y", true },
        { "!(a == 'x' && b == 'y')", "a=x", true },
        { "!(a == 'x' && b == 'y')", "a=x,b=y", false },
        { "!!(a == 'x')", "a=x", true },
        { "!all()", "", false },
        { "!global()", "a=b", false },

        // && binds tighter than ||; parentheses group.
        { "a == 'x' || b == 'y' && c == 'z'", "a=x", true },
        { "a == 'x' || b == 'y' && c == 'z'", "b=y", false },
        { "a == 'x' || b == 'y' && c == 'z'", "b=y,c=z", true },
        { "(a == 'x' || b == 'y') && c == 'z'", "a=x", false },
        { "(a == 'x' || b == 'y') && c == 'z'", "a=x,c=z", true },
        { "(((a == 'x')))", "a=x", true },
        { "a == 'x' && b == 'y' && c == 'z'", "a=x,b=y,c=z", true },
        { "a == 'x' && b == 'y' && c == 'z'", "a=x,b=y", false },

        // != and not in match an absent label; ==, in, contains, starts/ends with need it present.
        { "a != 'x' && has(a)", "a=y", true },
        { "a != 'x' && has(a)", "", false },
        { "a not in {'x', 'y'}", "b=x", true },
        { "a in {'x', 'y'}", "b=x", false },
        { "a contains 'x'", "b=x", false },
        { "a starts with 'x'", "b=x", false },
        { "a ends with 'x'", "b=x", false },

        // Empty values and empty sets.
        { "a == ''", "a=", true },
        { "a == ''", "", false },
        { "a != ''", "", true },
        { "a != ''", "a=", false },
        { "has(a)", "a=", true },
        { "a contains ''", "a=anything", true },
        { "a contains ''", "", false },
        { "a starts with ''", "a=x", true },
        { "a in {}", "a=x", false },
        { "a in {}", "", false },
        { "a not in {}", "", true },
        { "a not in {}", "a=x", true },
        { "a in {'x',}", "a=x", true },
        { "a in {'x', 'y',}", "a=y", true },

        // Operator aliases and spacing.
        { "a startswith 'fo'", "a=foo", true },
        { "a endswith 'oo'", "a=foo", true },
        { "a notin {'x'}", "a=x", false },
        { "a notin{'x'}", "a=y", true },
        { "a not   in {'x'}", "a=y", true },
        { "a starts   with 'f'", "a=foo", true },
        { "a ends\twith 'o'", "a=foo", true },
        { "a in{'x'}", "a=x", true },
        { "a contains\"x\"", "a=axa", true },
        { "a==\"b\"", "a=b", true },
        { "a!='b'", "a=b", false },
        { "\ta\t==\t'x'\t", "a=x", true },

        // Comparisons are case-sensitive and exact.
        { "a == 'X'", "a=x", false },
        { "A == 'x'", "a=x", false },
        { "a starts with 'foo'", "a=barfoo", false },
        { "a ends with 'foo'", "a=foobar", false },
        { "a contains 'longer'", "a=long", false },

        // Keywords are ordinary label names where a label is expected (Calico tokenizer cases).
        { "contains contains 'contains'", "contains=xcontainsx", true },
        { "in in {'in'}", "in=in", true },
        { "startswith starts with 'v'", "startswith=value", true },
        { "endswith ends with 'e'", "endswith=value", true },
        { "has(in)", "in=x", true },
        { "has(all)", "all=", true },
        { "all == 'x'", "all=x", true },
        { "has == 'x'", "has=x", true },
        { "global != 'x'", "global=y", true },
        { "not == 'x'", "not=x", true },

        // Real-world label names and values.
        { "calico/k8s_ns == \"kube-system\" && k8s-app == \"kube-dns\"", "calico/k8s_ns=kube-system,k8s-app=kube-dns", true },
        { "has(calico/k8s_NS-.1/role)", "calico/k8s_NS-.1/role=x", true },
        { "projectcalico.org/namespace == 'ns7' && app == 'a3'", "projectcalico.org/namespace=ns7,app=a3", true },
        { "projectcalico.org/namespace == 'ns7' && app == 'a3'", "projectcalico.org/namespace=ns8,app=a3", false },
        { "projectcalico.org/orchestrator == 'k8s' && role in { 'db', 'cache' }", "projectcalico.org/orchestrator=k8s,role=cache", true },
        { "a == 'hello world'", "a=hello world", true },
        { "a == 'x && y'", "a=x && y", true },
        { "a == \"it's\"", "a=it's", true },
        { "a == 'say \"hi\"'", "a=say \"hi\"", true },
        { "a == 'héllo'", "a=héllo", true },
        { "a in {'z', 'y', 'x', 'w', 'v', 'u', 't', 's', 'r', 'q'}", "a=r", true },
        { "a in {'z', 'y', 'x', 'w', 'v', 'u', 't', 's', 'r', 'q'}", "a=p", false },
        { "global() && a == 'x'", "a=x", true },
        { "has(x) && env != 'prod'", "x=1,env=dev", true },
        { "has(x) && env != 'prod'", "x=1,env=prod", false },
        { "has(x) && env != 'prod'", "x=1", true },
    };

    /// <summary>(selector, 0-based error position, expected phrase, found phrase).</summary>
    public static TheoryData<string, int, string, string> Invalid { get; } = new()
    {
        // Calico's bad selectors.
        { "b == b", 5, "a quoted string", "'b'" },
        { "b contains b", 11, "a quoted string", "'b'" },
        { "b starts with b", 14, "a quoted string", "'b'" },
        { "b ends with b", 12, "a quoted string", "'b'" },
        { "'b1' == b", 0, Operand, "string 'b1'" },
        { "b", 1, Operator, "end of selector" },
        { "a b", 2, Operator, "'b'" },
        { "!", 1, Operand, "end of selector" },
        { "foo == \"bar\" &", 13, AfterExpression, "'&'" },
        { "foo == \"bar\" |", 13, AfterExpression, "'|'" },
        { "foo != ||", 7, "a quoted string", "'||'" },
        { "foo in {\"\", ||", 12, "a quoted string or '}'", "'||'" },
        { "foo in \"\"", 7, "'{'", "string \"\"" },
        { "\"FOO", 4, "'\"' to close the string that starts at position 0", "end of selector" },
        { "\"FOO'", 5, "'\"' to close the string that starts at position 0", "end of selector" },
        { "'FOO", 4, "\"'\" to close the string that starts at position 0", "end of selector" },
        { "(", 1, Operand, "end of selector" },
        { "(a == \"foo\"", 11, "'&&', '||' or ')'", "end of selector" },
        { ")", 0, Operand, "')'" },
        { "()", 1, Operand, "')'" },
        { "%", 0, Operand, "'%'" },
        { "a == \"b\" && %", 12, Operand, "'%'" },
        { "a == \"b\" || %", 12, Operand, "'%'" },
        { "a ", 2, Operator, "end of selector" },
        { "has(foo) &&", 11, Operand, "end of selector" },
        { "label starts foo \"value\"", 6, Operator, "'starts'" },
        { "label ends foo \"value\"", 6, Operator, "'ends'" },
        { "label squiggles \"value\"", 6, Operator, "'squiggles'" },

        // Kubernetes-style and other common mistakes.
        { "app=frontend", 3, Operator, "'='" },
        { "app = frontend", 4, Operator, "'='" },
        { "app: frontend", 3, Operator, "':'" },
        { "app == frontend", 7, "a quoted string", "'frontend'" },
        { "a === 'x'", 4, "a quoted string", "'='" },
        { "a !== 'x'", 4, "a quoted string", "'='" },
        { "a == 'x' and b == 'y'", 9, AfterExpression, "'and'" },
        { "a == 'x' b == 'y'", 9, AfterExpression, "'b'" },
        { "a == 'x' && && b == 'y'", 12, Operand, "'&&'" },
        { "a == 'x' || || b == 'y'", 12, Operand, "'||'" },
        { "a == 'x')", 8, AfterExpression, "')'" },
        { "a == 'x' &&", 11, Operand, "end of selector" },
        { "a ==", 4, "a quoted string", "end of selector" },
        { "a == \"x", 7, "'\"' to close the string that starts at position 5", "end of selector" },
        { "!(a == 'x'", 10, "'&&', '||' or ')'", "end of selector" },
        { "é == 'x'", 0, Operand, "'é'" },

        // Only space and tab are whitespace.
        { "a == 'x'\n", 8, AfterExpression, "a newline" },
        { "a ==\n'x'", 4, "a quoted string", "a newline" },
        { "a\r== 'x'", 1, Operator, "a carriage return" },
        { "a\u00a0== 'x'", 1, Operator, "character U+00A0" },

        // Operator words need a word boundary.
        { "a containsx 'y'", 2, Operator, "'containsx'" },
        { "a inx {}", 2, Operator, "'inx'" },
        { "a notinx {}", 2, Operator, "'notinx'" },
        { "a not 'x'", 2, Operator, "'not'" },
        { "a starts 'x'", 2, Operator, "'starts'" },
        { "a in ('x')", 5, "'{'", "'('" },

        // Sets.
        { "a in {'x' 'y'}", 10, "',' or '}'", "string 'y'" },
        { "a in {,}", 6, "a quoted string or '}'", "','" },
        { "a in {'x',,}", 10, "a quoted string or '}'", "','" },
        { "a in {'x'", 9, "',' or '}'", "end of selector" },
        { "a in {", 6, "a quoted string or '}'", "end of selector" },
        { "a in {x}", 6, "a quoted string or '}'", "'x'" },

        // has(), all() and global().
        { "has(a b)", 6, "')'", "'b'" },
        { "has()", 4, "a label name", "')'" },
        { "has(a", 5, "')'", "end of selector" },
        { "has('a')", 4, "a label name", "string 'a'" },
        { "has (a)", 4, Operator, "'('" },
        { "all(x)", 4, "')'", "'x'" },
        { "global(", 7, "')'", "end of selector" },
        { "all", 3, Operator, "end of selector" },
    };

    /// <summary>(input, canonical form, expected unique ID or "" when not pinned).</summary>
    public static TheoryData<string, string, string> Canonical { get; } = new()
    {
        // Calico's canonicalisation table, with its pinned IDs.
        { "", "all()", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug" },
        { " all() ", "all()", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug" },
        { " (all() )", "all()", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug" },
        { "! (has( b)||! has(a ))", "!(has(b) || !has(a))", "s:Iss0uCleLYv1GSv_pNm7hAO58kE9jAx1NKyG3Q" },
        { "! (a == \"b\"&&! c != \"d\")", "!(a == \"b\" && !c != \"d\")", "s:lh3haoY1ikTRkd4UZu0nWSaIBknYLPJLX16d-w" },
        { "a == \"'\"", "a == \"'\"", "" },
        { "a == '\"'", "a == '\"'", "" },
        { "a contains '\"'", "a contains '\"'", "" },
        { "a contains \"'\"", "a contains \"'\"", "" },
        { "a startswith '\"'", "a starts with '\"'", "" },
        { "a endswith \"'\"", "a ends with \"'\"", "" },
        { "a!='\"'", "a != '\"'", "" },
        { "a in {\"d\"}", "a in {\"d\"}", "" },
        { "a in {\"a\", \"b\"}", "a in {\"a\", \"b\"}", "" },
        { "a in {\"d\", \"a\", \"b\"}", "a in {\"a\", \"b\", \"d\"}", "" },
        { "a in {\"z\", \"x\", \"y\", \"a\"}", "a in {\"a\", \"x\", \"y\", \"z\"}", "" },
        { "a in {\"z\", \"z\", \"x\", \"y\", \"x\", \"a\"}", "a in {\"a\", \"x\", \"y\", \"z\"}", "" },

        // Calico's visitor table (without the prefixing).
        { "k == 'v'", "k == \"v\"", "" },
        { "k != 'v'", "k != \"v\"", "" },
        { "k contains 'v'", "k contains \"v\"", "" },
        { "k starts with 'v'", "k starts with \"v\"", "" },
        { "k ends with 'v'", "k ends with \"v\"", "" },
        { "k == 'v' && x == 'y'", "(k == \"v\" && x == \"y\")", "" },
        { "k == 'v' || has(x)", "(k == \"v\" || has(x))", "" },
        { "!(k == 'v')", "!k == \"v\"", "" },
        { "k in {'v'}", "k in {\"v\"}", "" },
        { "k not in {'v'}", "k not in {\"v\"}", "" },
        {
            "!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))",
            "!(!((k == \"v\" && has(t)) || all()) && a in {\"b\", \"c\"})",
            ""
        },

        // Sets: empty, trailing comma, aliases, sort order (by code point, as Go sorts UTF-8).
        { "a in {}", "a in {}", "" },
        { "a not in {}", "a not in {}", "" },
        { "a in {'x',}", "a in {\"x\"}", "" },
        { "a notin {'b','a'}", "a not in {\"a\", \"b\"}", "" },
        { "a in {\"b\", \"B\", \"a\"}", "a in {\"B\", \"a\", \"b\"}", "" },
        { "a in {'x\"y'}", "a in {'x\"y'}", "" },
        { "a in {\"\U0001F600\", \"\uE000\"}", "a in {\"\uE000\", \"\U0001F600\"}", "" },

        // Negation collapses; groups are kept as written (not flattened).
        { "!!has(a)", "has(a)", "" },
        { "!!!has(a)", "!has(a)", "" },
        { "a == 'x' && (b == 'y' && c == 'z')", "(a == \"x\" && (b == \"y\" && c == \"z\"))", "" },
        { "(a == 'x' && b == 'y') && c == 'z'", "((a == \"x\" && b == \"y\") && c == \"z\")", "" },
        { "a == 'x' || b == 'y' && c == 'z'", "(a == \"x\" || (b == \"y\" && c == \"z\"))", "" },
        { "global()", "global()", "" },
        { "!global()", "!global()", "" },
        { "!all()", "!all()", "" },
        { "\ta\t==\t'x'\t", "a == \"x\"", "" },

        // IDs computed with Python's hashlib.sha224, independently of this library.
        { "a == 'b'", "a == \"b\"", "s:flMh0m0X_BowkAK_W3j3MgH8oQOsj3WxGDoXCQ" },
        { "has(a)", "has(a)", "s:JpRGrxZ4kdS6g7WoF-uG_g7qlh2ipw2zGYBMpQ" },
        { "app == 'frontend' && role in {'db','cache'}", "(app == \"frontend\" && role in {\"cache\", \"db\"})", "s:99R4BhqSZlwI34empV-A7kSkpqkJG0DTC7TKcg" },
        { "a == 'h\u00e9llo'", "a == \"h\u00e9llo\"", "s:G4895xEUWhm_2fq-NZpBT6VOe_0E29IrLS5Kcw" },
        { "a in {\"\U0001F600\", \"\uE000\"} || !has(b)", "(a in {\"\uE000\", \"\U0001F600\"} || !has(b))", "s:UNe_9Hlhn-TR9N8_xgLphZjaNqE_MuHtvU2q3g" },
    };

    private const string Operator = "'==', '!=', 'in', 'not in', 'contains', 'starts with' or 'ends with'";
    private const string Operand = "a label, 'has(', 'all()', 'global()', '!' or '('";
    private const string AfterExpression = "'&&', '||' or end of selector";

    /// <summary>Parses the table's "k=v,k2=v2" label notation.</summary>
    public static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text.Length == 0)
        {
            return labels;
        }

        foreach (var pair in text.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            labels.Add(pair[..equals], pair[(equals + 1)..]);
        }

        return labels;
    }
}
