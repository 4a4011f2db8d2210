using Calico.Selectors.Indexing;

namespace Calico.Selectors.Tests.Indexing;

/// <summary>
/// Drives a <see cref="LabelIndex{TItemId, TSelectorId}"/> with random operations (fixed seeds) and
/// checks after every operation that the events it reported are exactly the difference between a
/// brute-force model's match sets before and after, and that its queries agree with the model.
/// </summary>
public class LabelIndexModelTests
{
    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];
    private static readonly string[] Values = ["x", "y", "z", string.Empty];
    private static readonly string[] ParentIds = ["p1", "p2", "p3", "p4"];

    private static readonly string[] SelectorPool =
    [
        "a == 'x'", "a != 'x'", "has(a)", "!has(a)", "a in {'x', 'y'}", "a not in {'x', 'y'}", "a in {}", "a not in {}",
        "all()", "!all()", "global()", "a == 'x' && b == 'y'", "a == 'x' || b == 'y'", "a == 'x' || a == 'y'",
        "has(a) && !has(b)", "!(a != 'x')", "!(a not in {'x', 'z'})", "!(has(a) || has(b))", "a contains 'x'",
        "b starts with 'y'", "c ends with 'z'", "a == ''", "has(c) && d != 'x'", "(a == 'x' || b == 'x') && (c == 'y' || has(d))",
        "!(a == 'x' && b == 'y')", "e in {'x', 'y', 'z'} && a == 'x'", "a == 'x' && a == 'y'", "has(a) && a == 'z'",
        "!!has(e)", "a == 'x' && !has(a)", "d == 'y' || !has(d)", "b == 'x' && c == 'x' && d == 'x'", "e == '' || e == 'z'",
        "!(d in {'x'} || e not in {'y'})", "c != 'y' && c != 'z'", "has(b) || has(c) || has(d)",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomOperations_AgainstBruteForceModel_ReportExactlyTheDifferences(int seed)
    {
        var random = new Random(seed);
        var sink = new RecordingSink<int, int>();
        var index = new LabelIndex<int, int>(sink);
        var model = new Model();
        var before = model.Matches();

        for (var step = 0; step < 3000; step++)
        {
            var description = ApplyRandomOperation(random, index, model);
            var after = model.Matches();

            var events = sink.Take();
            var expected = after.Except(before).Select(m => $"+{m.Selector}/{m.Item}")
                .Concat(before.Except(after).Select(m => $"-{m.Selector}/{m.Item}"))
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.True(
                expected.SequenceEqual(events.Order(StringComparer.Ordinal)),
                $"seed {seed} step {step} ({description}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", events)}]");

            if (step % 50 == 0 || step > 2950)
            {
                AssertQueriesAgree(index, model, after, $"seed {seed} step {step}");
            }

            before = after;
        }
    }

    private static string ApplyRandomOperation(Random random, LabelIndex<int, int> index, Model model)
    {
        var roll = random.Next(100);
        if (roll < 40)
        {
            var id = random.Next(30);
            var labels = RandomLabels(random, 4);
            var parents = Enumerable.Range(0, random.Next(4)).Select(_ => ParentIds[random.Next(ParentIds.Length)]).ToList();
            index.UpdateItem(id, labels, parents);
            model.Items[id] = (labels, parents);
            return $"UpdateItem {id} {{{Format(labels)}}} [{string.Join(',', parents)}]";
        }

        if (roll < 50)
        {
            var id = random.Next(30);
            index.DeleteItem(id);
            model.Items.Remove(id);
            return $"DeleteItem {id}";
        }

        if (roll < 70)
        {
            var id = ParentIds[random.Next(ParentIds.Length)];
            var labels = RandomLabels(random, 3);
            index.UpdateParentLabels(id, labels);
            model.Parents[id] = labels;
            return $"UpdateParentLabels {id} {{{Format(labels)}}}";
        }

        if (roll < 77)
        {
            var id = ParentIds[random.Next(ParentIds.Length)];
            index.DeleteParentLabels(id);
            model.Parents.Remove(id);
            return $"DeleteParentLabels {id}";
        }

        if (roll < 93)
        {
            var id = random.Next(15);
            var selector = Selector.Parse(SelectorPool[random.Next(SelectorPool.Length)]);
            index.UpdateSelector(id, selector);
            model.Selectors[id] = selector;
            return $"UpdateSelector {id} {selector}";
        }

        var deleted = random.Next(15);
        index.DeleteSelector(deleted);
        model.Selectors.Remove(deleted);
        return $"DeleteSelector {deleted}";
    }

    private static Dictionary<string, string> RandomLabels(Random random, int maxCount)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = random.Next(maxCount + 1);
        for (var i = 0; i < count; i++)
        {
            labels[Keys[random.Next(Keys.Length)]] = Values[random.Next(Values.Length)];
        }

        return labels;
    }

    private static string Format(Dictionary<string, string> labels) => string.Join(',', labels.Select(p => $"{p.Key}={p.Value}"));

    private static void AssertQueriesAgree(LabelIndex<int, int> index, Model model, HashSet<(int Selector, int Item)> matches, string where)
    {
        Assert.Equal(model.Items.Count, index.ItemCount);
        Assert.Equal(model.Selectors.Count, index.SelectorCount);
        foreach (var selector in model.Selectors.Keys)
        {
            var expected = matches.Where(m => m.Selector == selector).Select(m => m.Item).Order();
            Assert.True(expected.SequenceEqual(index.ItemsMatching(selector).Order()), $"{where}: ItemsMatching({selector})");
        }

        foreach (var item in model.Items.Keys)
        {
            var expected = matches.Where(m => m.Item == item).Select(m => m.Selector).Order();
            Assert.True(expected.SequenceEqual(index.SelectorsMatching(item).Order()), $"{where}: SelectorsMatching({item})");
            foreach (var selector in model.Selectors.Keys)
            {
                Assert.Equal(matches.Contains((selector, item)), index.IsMatch(selector, item));
            }
        }
    }

    /// <summary>The obvious implementation: recompute every (selector, item) pair from scratch.</summary>
    private sealed class Model
    {
        public Dictionary<int, (Dictionary<string, string> Labels, List<string> Parents)> Items { get; } = [];

        public Dictionary<string, Dictionary<string, string>> Parents { get; } = [];

        public Dictionary<int, Selector> Selectors { get; } = [];

        public HashSet<(int Selector, int Item)> Matches()
        {
            var matches = new HashSet<(int, int)>();
            foreach (var (itemId, (own, parents)) in Items)
            {
                // Own labels win; then parents in list order, the first to define a key winning.
                var effective = new Dictionary<string, string>(own, StringComparer.Ordinal);
                foreach (var parent in parents)
                {
                    if (Parents.TryGetValue(parent, out var inherited))
                    {
                        foreach (var (key, value) in inherited)
                        {
                            effective.TryAdd(key, value);
                        }
                    }
                }

                foreach (var (selectorId, selector) in Selectors)
                {
                    if (selector.Matches(effective))
                    {
                        matches.Add((selectorId, itemId));
                    }
                }
            }

            return matches;
        }
    }
}
