using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    /// <summary>The largest Weights file the generator reads, in characters: about 16 MB (a 784-128-10 file is about 2 MB).</summary>
    internal const int MaxWeightsFileLength = 16 * 1024 * 1024;

    /// <summary>
    /// The pipeline for <c>[Mlp(..., Weights = "file.json")]</c>. Only additional files whose path matches a requested
    /// name are read (each once, when it changes, with the cancellation token); each network then picks its file from
    /// them, so editing another network's file or an unrelated file leaves this network's bake and output cached.
    /// </summary>
    /// <returns>The baked networks, whose sources <see cref="Initialize"/> adds with the others (one naming pass for all).</returns>
    private static IncrementalValuesProvider<NetworkSpec> RegisterWeights(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> results)
    {
        var requests = results
            .Where(static r => r.Network?.WeightsFile is not null)
            .Select(static (r, _) => new WeightsRequest(r.Network!, r.WeightsLocation))
            .WithTrackingName(TrackingNames.WeightsRequests);

        var requestedNames = requests
            .Select(static (r, _) => r.Network.WeightsFile!)
            .Collect()
            .Select(static (names, _) => names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.WeightsFileNames);

        var files = context.AdditionalTextsProvider
            .Combine(requestedNames)
            .Where(static pair => pair.Right.Any(name => WeightsFiles.Matches(pair.Left.Path, name)))
            .Select(static (pair, cancellationToken) => WeightsFiles.Read(pair.Left, cancellationToken))
            .WithTrackingName(TrackingNames.WeightsFiles);

        var baked = requests
            .Combine(files.Collect())
            .Select(static (pair, _) => new WeightsMatch(pair.Left, pair.Right
                .Where(f => WeightsFiles.Matches(f.Path, pair.Left.Network.WeightsFile!))
                .Select(f => new WeightsFileRef(f))
                .ToEquatableArray()))
            .WithTrackingName(TrackingNames.WeightsMatch)
            .Select(static (match, cancellationToken) => WeightsFiles.Bake(match, cancellationToken))
            .WithTrackingName(TrackingNames.Baked);

        var bakedNetworks = baked
            .Where(static b => b.Network is not null)
            .Select(static (b, _) => b.Network!)
            .WithTrackingName(TrackingNames.BakedNetworks);

        context.RegisterSourceOutput(baked.Where(static b => b.Diagnostics.Count > 0).Select(static (b, _) => b.Diagnostics), static (spc, list) =>
        {
            foreach (var info in list) spc.ReportDiagnostic(info.ToDiagnostic());
        });
        return bakedNetworks;
    }

    /// <summary>Matching, reading and checking Weights files: pure functions of the pipeline's plain data.</summary>
    internal static class WeightsFiles
    {
        /// <summary>
        /// True when <paramref name="path"/> (an additional file's full path) is the file <paramref name="requested"/>
        /// names: the same path, or a path ending in it at a folder boundary (<c>xor.json</c>, <c>models/xor.json</c>).
        /// Separators are compared as '/', letters case-insensitively (as on Windows and macOS).
        /// </summary>
        public static bool Matches(string path, string requested)
        {
            string file = Normalize(path), name = Normalize(requested);
            while (name.StartsWith("./", StringComparison.Ordinal)) name = name.Substring(2);
            if (name.Length == 0) return false;
            if (string.Equals(file, name, StringComparison.OrdinalIgnoreCase)) return true;
            return file.Length > name.Length
                && file[file.Length - name.Length - 1] == '/'
                && file.EndsWith(name, StringComparison.OrdinalIgnoreCase);
        }

        private static string Normalize(string path) => path.Replace('\\', '/');

        /// <summary>Reads one additional file with the shared model-file reader; never throws (except when canceled).</summary>
        public static WeightsFile Read(AdditionalText text, CancellationToken cancellationToken)
        {
            SourceText? source = text.GetText(cancellationToken);
            if (source is null)
            {
                var unreadable = new NetGen.ModelFileError(NetGen.ModelFileErrorKind.Syntax, "$", new NetGen.ModelFilePosition(1, 1, 0), "the compiler could not read the file");
                return new WeightsFile(text.Path, 0, EquatableArray<byte>.Empty, null, unreadable);
            }
            var checksum = new EquatableArray<byte>(source.GetChecksum());
            if (source.Length > MaxWeightsFileLength) return new WeightsFile(text.Path, source.Length, checksum, null, null);
            string content = source.ToString();
            if (NotUtf8(source, content) is { } notUtf8) return new WeightsFile(text.Path, source.Length, checksum, null, notUtf8);
            var data = NetGen.ModelFileReader.Read(content, cancellationToken, out var error);
            return new WeightsFile(text.Path, source.Length, checksum, data, error);
        }

        /// <summary>
        /// Why <paramref name="source"/> (whose text is <paramref name="content"/>) was not UTF-8 text, which Load requires, or null. The compiler reads an additional
        /// file as UTF-16 by its byte-order mark; otherwise as strict UTF-8, and when that fails as UTF-8 that replaces
        /// each invalid byte by U+FFFD. So a U+FFFD under a replacing decoder marks an invalid byte (or, after a UTF-8
        /// byte-order mark, which also gets the replacing decoder, a U+FFFD written in the file: rare enough to report).
        /// </summary>
        private static NetGen.ModelFileError? NotUtf8(SourceText source, string content)
        {
            var encoding = source.Encoding;
            if (encoding is null) return null;
            if (encoding.CodePage != Encoding.UTF8.CodePage)
            {
                return new NetGen.ModelFileError(NetGen.ModelFileErrorKind.Syntax, "$", new NetGen.ModelFilePosition(1, 1, 0),
                    $"not UTF-8 text (the compiler read it as {encoding.WebName}); a model file is UTF-8 JSON");
            }
            if (encoding.DecoderFallback is not DecoderReplacementFallback) return null;
            int replaced = content.IndexOf('\uFFFD');
            if (replaced < 0) return null;
            var position = source.Lines.GetLinePosition(replaced);
            return new NetGen.ModelFileError(NetGen.ModelFileErrorKind.Syntax, "$", new NetGen.ModelFilePosition(position.Line + 1, position.Character + 1, replaced),
                "not UTF-8 text (a byte that is not UTF-8 here); a model file is UTF-8 JSON");
        }

        /// <summary>Checks the matched file against the network and turns its parameters into literals, or explains why not.</summary>
        public static BakeResult Bake(WeightsMatch match, CancellationToken cancellationToken)
        {
            var network = match.Request.Network;
            string name = network.WeightsFile!;
            BakeResult Fail(DiagnosticDescriptor descriptor, params string[] args) =>
                new(null, new EquatableArray<DiagnosticInfo>(new[] { new DiagnosticInfo(descriptor, match.Request.Location, new EquatableArray<string>(args)) }));

            if (match.Files.Count == 0) return Fail(DiagnosticDescriptors.WeightsFileNotFound, name, network.TypeName);
            if (match.Files.Count > 1)
            {
                string paths = string.Join(", ", match.Files.Select(f => f.File.Path).OrderBy(p => p, StringComparer.Ordinal));
                return Fail(DiagnosticDescriptors.WeightsFileAmbiguous, name, network.TypeName, Format(match.Files.Count), paths);
            }

            var file = match.Files[0].File;
            if (file.Data is null && file.Error is null)
            {
                return Fail(DiagnosticDescriptors.WeightsFileTooLarge, name, network.TypeName, Format(file.Length), Format(MaxWeightsFileLength));
            }
            if (file.Error is not null) return Fail(DescriptorFor(file.Error.Kind), name, network.TypeName, Where(file.Error));

            var data = file.Data!;
            var problem = NetGen.ModelFileReader.CheckArchitecture(data, network.LayerSizes.ToArray(), network.Layers.Select(l => l.Activation).ToArray(), network.TypeName)
                ?? (network.UsesDouble ? null : NetGen.ModelFileReader.CheckFitsFloat(data, network.TypeName));
            if (problem is not null) return Fail(DescriptorFor(problem.Kind), name, network.TypeName, Where(problem));

            cancellationToken.ThrowIfCancellationRequested();
            // The number's own text is a C# real literal: the compiler rounds it exactly as Load's parse does.
            string suffix = network.UsesDouble ? "d" : "f";
            var literals = new string[data.ParameterTexts.Length];
            for (int i = 0; i < literals.Length; i++) literals[i] = data.ParameterTexts[i] + suffix;
            var baked = network with { Baked = new BakedWeights(CommentText(name), new EquatableArray<string>(literals)) };

            var lossWarning = NetGen.ModelFileReader.CompareLoss(data, network.Loss, network.TypeName);
            var diagnostics = lossWarning is null
                ? EquatableArray<DiagnosticInfo>.Empty
                : new EquatableArray<DiagnosticInfo>(new[] { new DiagnosticInfo(DiagnosticDescriptors.WeightsFileLossDiffers, match.Request.Location, new EquatableArray<string>(new[] { name, network.TypeName, lossWarning.Problem.Split(';')[0] })) });
            return new BakeResult(baked, diagnostics);
        }

        /// <summary>
        /// The file name as the generated comments show it: a character C# ends a line at (\n, \r, U+0085, U+2028,
        /// U+2029) or another control character is written \uXXXX, so that a name holding one (a legal file name on
        /// Linux) cannot end a // or /// comment and leave the rest of the name as code.
        /// </summary>
        internal static string CommentText(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                if (c < ' ' || c == '\u007F' || c == '\u0085' || c == '\u2028' || c == '\u2029') text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                else text.Append(c);
            }
            return text.ToString();
        }

        private static DiagnosticDescriptor DescriptorFor(NetGen.ModelFileErrorKind kind) => kind switch
        {
            NetGen.ModelFileErrorKind.Syntax or NetGen.ModelFileErrorKind.TooDeep => DiagnosticDescriptors.WeightsFileNotJson,
            NetGen.ModelFileErrorKind.Format => DiagnosticDescriptors.WeightsFileWrongFormat,
            NetGen.ModelFileErrorKind.Version => DiagnosticDescriptors.WeightsFileUnsupportedVersion,
            NetGen.ModelFileErrorKind.Architecture => DiagnosticDescriptors.WeightsFileArchitectureMismatch,
            NetGen.ModelFileErrorKind.Shape => DiagnosticDescriptors.WeightsFileWrongShape,
            NetGen.ModelFileErrorKind.MissingParameter or NetGen.ModelFileErrorKind.ExtraParameter => DiagnosticDescriptors.WeightsFileMissingOrExtraParameter,
            NetGen.ModelFileErrorKind.NotANumber or NetGen.ModelFileErrorKind.NotFinite or NetGen.ModelFileErrorKind.Overflow => DiagnosticDescriptors.WeightsFileBadNumber,
            _ => DiagnosticDescriptors.WeightsFileInvalid,
        };

        /// <summary>"line 7, column 20, $.parameters.W1[1]: row 1 of W1 has 3 values; ..."</summary>
        private static string Where(NetGen.ModelFileError error) =>
            "line " + Format(error.Line) + ", column " + Format(error.Column) + ", " + error.Message;

        private static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
