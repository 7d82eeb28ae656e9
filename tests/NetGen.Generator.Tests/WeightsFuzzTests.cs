using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Generator.Tests;

/// <summary>
/// The generator never throws on any Weights file content: seeded fuzzing of the file (truncations, byte flips and
/// insertions, random text, huge and tiny numbers, deep nesting, a 50 MB file). Every case ends in generated source
/// that compiles, or in exactly one NG diagnostic.
/// </summary>
public class WeightsFuzzTests(ITestOutputHelper output)
{
    private const string Declaration = """
        using NetGen;
        namespace Demo;
        [Mlp(2, 3, 1, Activation = "Tanh", OutputActivation = "Sigmoid", Loss = "BCE", Weights = "net.json")]
        public partial class FuzzNet { }
        """;

    private static readonly string Valid = BakedNetworkTests.ModelJson(new[] { 2, 3, 1 }, new[] { "Tanh", "Sigmoid" },
        new[] { 0.5, -1.25, 3e-5, 2, -0.75, 1e3, 0.1, -0.2, 0.3, 1.5, -2.5, 0.0625, -7 }, asFloat: true);

    private static IEnumerable<(string Kind, string Text)> Cases(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 300; i++) yield return ("truncated", Valid.Substring(0, random.Next(Valid.Length)));
        const string Alphabet = "{}[]\":,.-+eE0123456789 \n\tabcnulltruefalseNaN\\\u00e9\u0000\ud800";
        for (int i = 0; i < 600; i++)
        {
            var text = new StringBuilder(Valid);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: text.Remove(at, 1); break;
                }
            }
            yield return ("mutated", text.ToString());
        }
        for (int i = 0; i < 100; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            yield return ("random bytes", Encoding.UTF8.GetString(bytes));
        }
        string[] numbers =
        {
            "1e38", "3.4028235e38", "3.4028236e38", "3.5e38", "1e39", "1e308", "1.7976931348623157e308", "1e309", "-1e400", "1e-45", "1e-46", "1e-400", "-0",
            "0.000000000000000000000000000000000000000000000001", new string('9', 400), "1" + new string('0', 5000), "0." + new string('0', 5000) + "1",
            "123456789012345678901234567890", "1E+38", "-1E-38", "4.9e-324", "2.4703282292062327e-324",
        };
        foreach (string number in numbers) yield return ("number " + (number.Length > 30 ? number.Substring(0, 30) + "..." : number), Valid.Replace("-1.25", number));
        foreach (int depth in new[] { 63, 64, 65, 1000, 100_000 })
        {
            yield return ("nested arrays " + depth, new string('[', depth) + new string(']', depth));
            yield return ("nested objects " + depth, string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
            yield return ("nested in parameters " + depth, Valid.Replace("\"b2\": [-7]", "\"b2\": [" + new string('[', depth) + new string(']', depth) + "]"));
        }
        yield return ("empty", "");
        yield return ("whitespace", "   \n\t ");
        yield return ("BOM", "\ufeff" + Valid);
        yield return ("duplicate keys", Valid.Replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"));
        yield return ("long string", Valid.Replace("\"Tanh\"", "\"" + new string('x', 1_000_000) + "\""));
        yield return ("many parameters", Valid.Replace("\"b2\": [-7]", "\"b2\": [" + string.Join(",", Enumerable.Repeat("1.5", 500_000)) + "]"));
        yield return ("50 MB", "{\"format\": \"netgen-mlp\", \"padding\": \"" + new string('x', 50 * 1024 * 1024) + "\"}");
        yield return ("just under the limit", Valid + new string(' ', MlpGenerator.MaxWeightsFileLength - Valid.Length));
    }

    [Fact]
    public void The_generator_never_throws_on_any_file_content()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declaration);
        AdditionalText current = new InMemoryAdditionalText("/p/net.json", Valid);
        var driver = GeneratorHarness.CreateDriver(new[] { current }).RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);

        int tried = 0, exceptions = 0, baked = 0, compiled = 0;
        var byId = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var (kind, text) in Cases(seed: 20261124))
        {
            tried++;
            var next = new InMemoryAdditionalText("/p/net.json", text);
            driver = driver.ReplaceAdditionalText(current, next);
            current = next;
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var withSources, out var diagnostics);
            var run = driver.GetRunResult();
            var thrown = run.Results.Select(r => r.Exception).OfType<Exception>().ToList();
            if (thrown.Count > 0 || diagnostics.Any(d => d.Id is "CS8784" or "CS8785"))
            {
                exceptions++;
                failures.Add($"{kind}: {thrown.FirstOrDefault()?.ToString() ?? string.Join("; ", diagnostics)}");
                continue;
            }
            if (run.GeneratedTrees.Length == 1)
            {
                baked++;
                // Any source the generator writes must compile; check the distinct ones (the first 60, to bound the time).
                if (compiled < 60 && !diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    compiled++;
                    var errors = withSources.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    if (errors.Count > 0) failures.Add($"{kind}: generated code does not compile: {errors[0]}");
                }
                foreach (var d in diagnostics) byId[d.Id] = byId.GetValueOrDefault(d.Id) + 1;
            }
            else
            {
                var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count != 1 || !errors[0].Id.StartsWith("NG00", StringComparison.Ordinal))
                {
                    failures.Add($"{kind}: no source and {errors.Count} errors: {string.Join("; ", errors)}");
                }
                foreach (var d in diagnostics) byId[d.Id] = byId.GetValueOrDefault(d.Id) + 1;
            }
        }
        output.WriteLine($"tried {tried} file contents: {exceptions} generator exceptions, {baked} baked ({compiled} compiled), diagnostics {string.Join(", ", byId.Select(p => $"{p.Key} x{p.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.Equal(0, exceptions);
        Assert.True(tried > 1000);
    }
}
