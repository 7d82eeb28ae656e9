using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Tests.Infrastructure;
using Xunit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Weights files and caching: an unrelated file edit leaves everything cached; editing one network's weights re-runs
/// that network's steps only (the other network's bake and source output stay cached).
/// </summary>
public class WeightsCachingTests
{
    private const string Source = """
        using NetGen;
        namespace Demo;
        [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", Weights = "a.json")]
        public partial class ANet { }
        [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE", Weights = "models/b.json")]
        public partial class BNet { }
        [Mlp(2, 3, 1)]
        public partial class PlainNet { }
        """;

    private static string Json(double w) => BakedNetworkTests.ModelJson(new[] { 2, 2, 1 }, new[] { "Sigmoid", "Sigmoid" },
        new[] { w, 0.5, -0.25, 1, 0, 0.125, 2, -2, 0.75 }, asFloat: true);

    private static (GeneratorDriver Driver, Compilation Compilation, AdditionalText A, AdditionalText B, AdditionalText Notes) Start()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        AdditionalText a = new InMemoryAdditionalText("/p/a.json", Json(1.5));
        AdditionalText b = new InMemoryAdditionalText("/p/models/b.json", Json(-3));
        AdditionalText notes = new InMemoryAdditionalText("/p/notes.txt", "unrelated");
        var driver = GeneratorHarness.CreateDriver(new[] { a, b, notes }).RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Empty(first.Diagnostics);
        Assert.Equal(3, first.GeneratedTrees.Length);
        return (driver, compilation, a, b, notes);
    }

    [Fact]
    public void Editing_an_unrelated_file_or_source_leaves_every_step_cached()
    {
        var (driver, compilation, _, _, notes) = Start();
        var edited = driver.ReplaceAdditionalText(notes, new InMemoryAdditionalText("/p/notes.txt", "edited"));
        CachingAssertions.AssertAllCached(edited.RunGenerators(compilation).GetRunResult(), "run after editing an unrelated additional file");

        var withTree = compilation.AddSyntaxTrees(GeneratorHarness.Parse("internal class Unrelated { }", "Unrelated.cs"));
        CachingAssertions.AssertAllCached(driver.RunGenerators(withTree).GetRunResult(), "run after adding an unrelated syntax tree");
        CachingAssertions.AssertAllCached(driver.RunGenerators(compilation.Clone()).GetRunResult(), "run on compilation.Clone()");
    }

    [Fact]
    public void Editing_one_networks_weights_reruns_only_that_network()
    {
        var (driver, compilation, _, b, _) = Start();
        var before = driver.GetRunResult().GeneratedTrees.ToDictionary(t => System.IO.Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        var run = driver.ReplaceAdditionalText(b, new InMemoryAdditionalText("/p/models/b.json", Json(-4))).RunGenerators(compilation).GetRunResult();
        CachingAssertions.AssertNoBannedOutputs(run);

        var steps = run.Results.Single().TrackedSteps;
        // The files: b.json was read again, a.json was not.
        var files = Outputs(steps[TrackingNames.WeightsFiles]);
        Assert.Equal(IncrementalStepRunReason.Modified, files.Single(o => ((WeightsFile)o.Value).Path.EndsWith("b.json")).Reason);
        Assert.True(IsCached(files.Single(o => ((WeightsFile)o.Value).Path.EndsWith("a.json")).Reason));

        // The bake: BNet's re-ran and changed, ANet's is cached.
        var baked = Outputs(steps[TrackingNames.Baked]);
        Assert.Equal(IncrementalStepRunReason.Modified, baked.Single(o => ((BakeResult)o.Value).Network!.TypeName == "BNet").Reason);
        Assert.True(IsCached(baked.Single(o => ((BakeResult)o.Value).Network!.TypeName == "ANet").Reason));

        // The source outputs: only BNet's changed.
        var sources = Outputs(steps[TrackingNames.BakedNetworks].Concat(steps[TrackingNames.Networks]));
        Assert.Equal(IncrementalStepRunReason.Modified, sources.Single(o => ((NetworkSpec)o.Value).TypeName == "BNet").Reason);
        Assert.True(IsCached(sources.Single(o => ((NetworkSpec)o.Value).TypeName == "ANet").Reason));
        Assert.True(IsCached(sources.Single(o => ((NetworkSpec)o.Value).TypeName == "PlainNet").Reason));

        var after = run.GeneratedTrees.ToDictionary(t => System.IO.Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        Assert.Equal(before["Demo.ANet.g.cs"], after["Demo.ANet.g.cs"]);
        Assert.NotEqual(before["Demo.BNet.g.cs"], after["Demo.BNet.g.cs"]);
        Assert.Contains("-4f * x[0]", after["Demo.BNet.g.cs"]);
    }

    [Fact]
    public void Editing_the_attributes_position_keeps_the_baked_output_cached()
    {
        var (driver, compilation, _, _, _) = Start();
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// a comment above\n" + Source)));
        var run = driver.RunGenerators(moved).GetRunResult();
        var steps = run.Results.Single().TrackedSteps;
        var sources = Outputs(steps[TrackingNames.BakedNetworks].Concat(steps[TrackingNames.Networks]));
        Assert.Equal(3, sources.Count);
        Assert.All(sources, o => Assert.True(IsCached(o.Reason), $"{((NetworkSpec)o.Value).TypeName}: {o.Reason}"));
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(IEnumerable<IncrementalGeneratorRunStep> runs) =>
        runs.SelectMany(r => r.Outputs).ToList();

    private static bool IsCached(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;
}
