using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetGen.Testing.Tests;

public class NetGenGeneratorTests
{
    private const string XorSource = """
        using NetGen;

        namespace Demo
        {
            [Mlp(2, 2, 1, Activation = "Sigmoid", Loss = "BCE")]
            public partial class XorNet { }
        }
        """;

    [Fact]
    public void Run_Xor_GivesTheSameTextAsTheGeneratorTestsVerifiedSnapshot()
    {
        var output = NetGenGenerator.Run(XorSource);

        var file = Assert.Single(output.Files);
        Assert.Equal("Demo.XorNet.g.cs", file.HintName);
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        // The verified file is the generator tests' snapshot of the same declaration, with Verify's first line.
        string verified = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Expected", "XorNet.verified.cs")).Replace("\r\n", "\n");
        Assert.Equal("//HintName: Demo.XorNet.g.cs\n" + file.Text, verified);
    }

    [Fact]
    public void Run_InvalidDeclaration_ReportsTheDiagnosticAtTheAttributeAndNoFile()
    {
        var output = NetGenGenerator.Run("""
            namespace Demo;
            [NetGen.Mlp(2, 2, 1, Activation = "Sigmoidd")]
            public partial class Broken { }
            """);

        Assert.Empty(output.Files);
        var diagnostic = Assert.Single(output.Diagnostics);
        Assert.Equal("NG0004", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(("Source0.cs", 2, 2), (diagnostic.FilePath, diagnostic.Line, diagnostic.Column));
        Assert.StartsWith("Source0.cs(2,2): error NG0004: Unknown activation 'Sigmoidd' in Activation;", diagnostic.ToString());
    }

    [Fact]
    public void Run_SeveralSourcesAndNetworks_GivesOneFilePerNetwork()
    {
        var output = NetGenGenerator.Run(new[]
        {
            "namespace A; [NetGen.Mlp(3, 4, 2, Activation = \"ReLU\", OutputActivation = \"Softmax\", Loss = \"CrossEntropy\")] public partial class Classifier { }",
            "namespace B; [NetGen.Mlp(1, 1, Precision = NetGen.Precision.Double)] public partial class Tiny { }",
        });

        Assert.Equal(new[] { "A.Classifier.g.cs", "B.Tiny.g.cs" }, output.Files.Select(f => f.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(output.Diagnostics);
        Assert.Empty(output.CompilationDiagnostics);
        Assert.Contains("partial class Tiny : global::NetGen.INetwork<double>", output["B.Tiny.g.cs"].Text);
    }

    [Fact]
    public void Run_ErrorsInTheUsersOwnCode_AreCompilationDiagnostics()
    {
        var output = NetGenGenerator.Run("""
            namespace Demo;
            [NetGen.Mlp(2, 1)]
            public partial class Net { }
            public static class Use { public static string Wrong() => Net.InputSize; }
            """);

        Assert.Single(output.Files);
        var error = Assert.Single(output.CompilationDiagnostics);
        Assert.Equal("CS0029", error.Id);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Indexer_UnknownHintName_ListsTheGeneratedFiles()
    {
        var output = NetGenGenerator.Run(XorSource);

        var error = Assert.Throws<KeyNotFoundException>(() => output["XorNet.g.cs"]);

        Assert.Equal("The generator wrote no file named 'XorNet.g.cs'. It wrote: Demo.XorNet.g.cs.", error.Message);
    }

    [Fact]
    public void ToSnapshot_HasEachFileAfterItsHintNameThenTheDiagnostics()
    {
        var output = NetGenGenerator.Run(new[]
        {
            XorSource,
            "[NetGen.Mlp(2)] public partial class TooSmall { }",
        });

        string snapshot = output.ToSnapshot();

        string file = output["Demo.XorNet.g.cs"].Text;
        Assert.StartsWith("//HintName: Demo.XorNet.g.cs\n" + file, snapshot);
        string diagnostics = snapshot[("//HintName: Demo.XorNet.g.cs\n" + file).Length..];
        Assert.Equal("//Diagnostics:\n" + string.Join("\n", output.Diagnostics) + "\n", diagnostics);
        Assert.Equal("NG0002", Assert.Single(output.Diagnostics).Id);
    }

    [Fact]
    public void WriteTo_WritesEachFileUnderItsHintName()
    {
        string directory = Path.Combine(Path.GetTempPath(), "netgen-testing-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = NetGenGenerator.Run(XorSource);

            var written = output.WriteTo(directory);

            string path = Assert.Single(written);
            Assert.Equal(Path.Combine(directory, "Demo.XorNet.g.cs"), path);
            Assert.Equal(output.Files[0].Text, File.ReadAllText(path));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteTo_RemovesAnEarlierRunsFilesAndDiagnostics()
    {
        // Left in place, a removed network's file and a fixed diagnostic never showed in git diff.
        string directory = Path.Combine(Path.GetTempPath(), "netgen-testing-" + Guid.NewGuid().ToString("N"));
        try
        {
            NetGenGenerator.Run(new[] { XorSource, "namespace Demo; [NetGen.Mlp(3, 1)] public partial class Other { } [NetGen.Mlp(2, 1, Loss = \"MAE\")] public partial class Bad { }" })
                .WriteTo(directory);
            Assert.Equal(new[] { "Demo.Other.g.cs", "Demo.XorNet.g.cs", "diagnostics.txt" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            File.WriteAllText(Path.Combine(directory, "notes.md"), "kept");
            Directory.CreateDirectory(Path.Combine(directory, "sub"));
            File.WriteAllText(Path.Combine(directory, "sub", "Keep.g.cs"), "kept");

            var written = NetGenGenerator.Run(XorSource).WriteTo(directory);

            Assert.Equal(new[] { Path.Combine(directory, "Demo.XorNet.g.cs") }, written);
            Assert.Equal(new[] { "Demo.XorNet.g.cs", "notes.md" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.True(File.Exists(Path.Combine(directory, "sub", "Keep.g.cs")));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_message_inside_generated_code_names_the_files_hint_name()
    {
        // A class of the user's named NetGen.Kernels takes the place of the runtime's: the generated calls of
        // global::NetGen.Kernels.ThrowLengthMismatch then fail inside the generated file.
        var output = NetGenGenerator.Run(new[] { XorSource, "namespace NetGen { public static class Kernels { } }" });

        var inGenerated = output.CompilationDiagnostics.Where(d => d.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inGenerated);
        Assert.All(inGenerated, d => Assert.Equal("Demo.XorNet.g.cs", d.FilePath));
        Assert.NotNull(output[inGenerated[0].FilePath]);
        Assert.StartsWith("Demo.XorNet.g.cs(", inGenerated[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Null_options_are_argument_errors_naming_the_option()
    {
        var reference = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);
        (GeneratorRunOptions Options, string Named)[] cases =
        [
            (new GeneratorRunOptions { AdditionalFiles = null! }, "GeneratorRunOptions.AdditionalFiles is null"),
            (new GeneratorRunOptions { AdditionalFiles = new Dictionary<string, string> { ["m.json"] = null! } }, "the text of 'm.json' is null"),
            (new GeneratorRunOptions { References = null! }, "GeneratorRunOptions.References is null"),
            (new GeneratorRunOptions { References = [reference, null!] }, "GeneratorRunOptions.References[1] is null"),
            (new GeneratorRunOptions { AssemblyName = "" }, "GeneratorRunOptions.AssemblyName is null or empty"),
        ];
        foreach (var (options, named) in cases)
        {
            var error = Assert.Throws<ArgumentException>(() => NetGenGenerator.Run(XorSource, options));
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
            Assert.Equal("options", error.ParamName);
        }
    }

    [Fact]
    public void Driver_IsTheRoslynDriverAfterTheRun()
    {
        var output = NetGenGenerator.Run(XorSource);

        var result = output.Driver.GetRunResult();

        Assert.Equal(output.Files.Select(f => f.HintName), result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)));
    }
}
