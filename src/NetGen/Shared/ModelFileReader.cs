// This file is compiled into two assemblies: the runtime library (NetGen, for ModelFile.Load/Read) and the source
// generator (NetGen.Generator, for [Mlp(..., Weights = "file.json")]), so both accept and reject exactly the same
// files with the same messages. netstandard2.0, C# 12, EnforceExtendedAnalyzerRules: no file IO, no current culture.
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;

namespace NetGen;

/// <summary>
/// Reads and checks model files, format v1 (README, "Saving and loading models"). Never throws on any text except
/// <see cref="System.OperationCanceledException"/>: every problem is a <see cref="ModelFileError"/> naming the JSON
/// path, line and column.
/// </summary>
internal static class ModelFileReader
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "netgen-mlp";

    /// <summary>The newest format version this reader understands (and the one writers write).</summary>
    public const int CurrentVersion = 1;

    /// <summary>The deepest nesting of arrays and objects accepted (a valid file needs 4).</summary>
    public const int MaxDepth = 64;

    private static readonly string[] KnownMembers = { "format", "version", "layers", "activations", "loss", "precision", "parameters", "metadata" };

    /// <summary>
    /// Parses <paramref name="text"/> and checks it against format v1: the format name, the version, the layer sizes,
    /// one known activation per non-input layer, the optional loss, precision and metadata, and every parameter
    /// (<c>W{l}</c> as <c>[out][in]</c>, <c>b{l}</c> as <c>[out]</c>) present, of the right shape and a finite double.
    /// </summary>
    /// <returns>The file's content, or null with <paramref name="error"/> set.</returns>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static ModelFileData? Read(string text, CancellationToken cancellationToken, out ModelFileError? error)
    {
        ModelJsonValue? root = ModelJsonParser.Parse(text, MaxDepth, cancellationToken, out error);
        if (root is null) return null;
        var reader = new Checker(cancellationToken);
        ModelFileData? data = reader.Check(root);
        error = reader.Error;
        return error is null ? data : null;
    }

    /// <summary>
    /// Compares the file's layer sizes and activations with a network's; null when they match. The message names
    /// both values: <c>layer 1 activation: file has Tanh, XorNet has Sigmoid</c>.
    /// </summary>
    /// <param name="file">A file <see cref="Read"/> accepted.</param>
    /// <param name="layerSizes">The network's layer sizes, input first.</param>
    /// <param name="activations">The network's activation names (any case), one per non-input layer.</param>
    /// <param name="networkName">The network's class name, for the message.</param>
    public static ModelFileError? CheckArchitecture(ModelFileData file, IReadOnlyList<int> layerSizes, IReadOnlyList<string> activations, string networkName)
    {
        if (file.LayerSizes.Length != layerSizes.Count)
        {
            return new ModelFileError(ModelFileErrorKind.Architecture, "$.layers", file.LayersPosition,
                "layer sizes: file has " + file.LayerSizes.Length.ToString(CultureInfo.InvariantCulture) + " " + ListText(file.LayerSizes) + ", "
                + networkName + " has " + layerSizes.Count.ToString(CultureInfo.InvariantCulture) + " " + ListText(layerSizes));
        }
        for (int i = 0; i < layerSizes.Count; i++)
        {
            if (file.LayerSizes[i] == layerSizes[i]) continue;
            string which = i == 0 ? "input size" : i == layerSizes.Count - 1 ? "layer " + Number(i) + " (output) size" : "layer " + Number(i) + " size";
            return new ModelFileError(ModelFileErrorKind.Architecture, "$.layers[" + Number(i) + "]", file.LayerSizePositions[i],
                which + ": file has " + Number(file.LayerSizes[i]) + ", " + networkName + " has " + Number(layerSizes[i])
                + " (file " + ListText(file.LayerSizes) + ", " + networkName + " " + ListText(layerSizes) + ")");
        }
        for (int i = 0; i < activations.Count && i < file.Activations.Length; i++)
        {
            int index = NetworkFacts.IndexOf(NetworkFacts.ActivationNames, activations[i]);
            string expected = index >= 0 ? NetworkFacts.ActivationNames[index] : activations[i];
            if (file.Activations[i] == expected) continue;
            return new ModelFileError(ModelFileErrorKind.Architecture, "$.activations[" + Number(i) + "]", file.ActivationPositions[i],
                "layer " + Number(i + 1) + " activation: file has " + file.Activations[i] + ", " + networkName + " has " + expected);
        }
        return null;
    }

    /// <summary>
    /// A warning (kind <see cref="ModelFileErrorKind.LossDiffers"/>) when the file names a loss other than the network's;
    /// null when the file has no loss or the same one. A differing loss does not stop a load: the file may come from
    /// another trainer.
    /// </summary>
    public static ModelFileError? CompareLoss(ModelFileData file, string networkLoss, string networkName)
    {
        if (file.Loss is null) return null;
        int index = NetworkFacts.IndexOf(NetworkFacts.LossNames, networkLoss);
        string expected = index >= 0 ? NetworkFacts.LossNames[index] : networkLoss;
        if (file.Loss == expected) return null;
        return new ModelFileError(ModelFileErrorKind.LossDiffers, "$.loss", file.LossPosition,
            "loss: file has " + file.Loss + ", " + networkName + " has " + expected + "; the parameters were loaded anyway (the loss only matters for training)");
    }

    /// <summary>
    /// The first parameter too large for <see cref="float"/> (it would become infinity), or null when every parameter
    /// fits. Call it before reading a file into a Float network.
    /// </summary>
    public static ModelFileError? CheckFitsFloat(ModelFileData file, string networkName)
    {
        for (int i = 0; i < file.ParameterValues.Length; i++)
        {
            if (!OverflowsFloat(file.ParameterValues[i])) continue;
            return new ModelFileError(ModelFileErrorKind.Overflow, file.ParameterPath(i), file.ParameterPositions[i],
                file.ParameterTexts[i] + " overflows float (the largest float is 3.4028235E+38); " + networkName + " has Float precision");
        }
        return null;
    }

    /// <summary>
    /// True when a finite double rounds to infinity as a float: its magnitude is at least 2^128 - 2^103, the midpoint
    /// between <see cref="float.MaxValue"/> and 2^128, which rounds away (to even).
    /// </summary>
    public static bool OverflowsFloat(double value) => !double.IsInfinity(value) && !double.IsNaN(value) && float.IsInfinity((float)value);

    /// <summary>Appends <c>.name</c>, or <c>["odd name"]</c> when the name is not a plain identifier, to a JSON path.</summary>
    internal static void AppendMemberName(StringBuilder path, string name)
    {
        bool plain = name.Length > 0 && !char.IsDigit(name[0]);
        foreach (char c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
        }
        if (plain)
        {
            path.Append('.').Append(name);
            return;
        }
        path.Append("[\"");
        foreach (char c in name)
        {
            if (c == '"' || c == '\\') path.Append('\\').Append(c);
            else if (c < ' ') path.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else path.Append(c);
        }
        path.Append("\"]");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ListText(IReadOnlyList<int> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Number(values[i]));
        }
        return text.Append(']').ToString();
    }

    private static string MemberPath(string parent, string name)
    {
        var text = new StringBuilder(parent);
        AppendMemberName(text, name);
        return text.ToString();
    }

    /// <summary>The schema check of one parsed document; the first problem found wins.</summary>
    private sealed class Checker
    {
        private readonly CancellationToken _cancellationToken;

        public Checker(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

        public ModelFileError? Error { get; private set; }

        public ModelFileData? Check(ModelJsonValue root)
        {
            if (root.Kind != ModelJsonKind.Object)
            {
                return Fail(ModelFileErrorKind.Format, "$", root.Position,
                    "expected a JSON object starting with \"format\": \"" + FormatName + "\", found " + root.KindName + " (this is not a NetGen model file)");
            }
            Dictionary<string, ModelJsonMember>? members = Members(root, "$");
            if (members is null) return null;

            // The format and the version first: a file that is not ours, or is newer, gets that message, not a schema complaint.
            if (!members.TryGetValue("format", out ModelJsonMember? format))
            {
                return Fail(ModelFileErrorKind.Format, "$", root.Position,
                    "missing \"format\"; a NetGen model file has \"format\": \"" + FormatName + "\" (this is not a NetGen model file)");
            }
            if (format.Value.Kind != ModelJsonKind.String || format.Value.Text != FormatName)
            {
                string found = format.Value.Kind == ModelJsonKind.String ? "\"" + format.Value.Text + "\"" : format.Value.KindName;
                return Fail(ModelFileErrorKind.Format, "$.format", format.Value.Position,
                    "format is " + found + ", expected \"" + FormatName + "\" (this is not a NetGen model file)");
            }
            if (!members.TryGetValue("version", out ModelJsonMember? versionMember))
            {
                return Fail(ModelFileErrorKind.Version, "$", root.Position, "missing \"version\"; this NetGen reads version " + Number(CurrentVersion));
            }
            if (!TryGetWholeNumber(versionMember.Value, out long version))
            {
                return Fail(ModelFileErrorKind.Version, "$.version", versionMember.Value.Position,
                    "expected a whole number, found " + Found(versionMember.Value));
            }
            if (version > CurrentVersion)
            {
                return Fail(ModelFileErrorKind.Version, "$.version", versionMember.Value.Position,
                    "version " + versionMember.Value.Text + " is newer than this NetGen supports (" + Number(CurrentVersion) + "); update NetGen to read this file");
            }
            if (version < 1)
            {
                return Fail(ModelFileErrorKind.Version, "$.version", versionMember.Value.Position,
                    "version " + versionMember.Value.Text + " is not valid; versions start at 1");
            }

            foreach (ModelJsonMember member in root.Members)
            {
                if (System.Array.IndexOf(KnownMembers, member.Name) < 0)
                {
                    return Fail(ModelFileErrorKind.Schema, MemberPath("$", member.Name), member.NamePosition,
                        "unknown member \"" + member.Name + "\"; format v1 has " + string.Join(", ", KnownMembers) + " (put your own data in \"metadata\")");
                }
            }

            int[]? layers = CheckLayers(members, root, out ModelFilePosition layersPosition, out ModelFilePosition[] layerSizePositions);
            if (layers is null) return null;
            string[]? activations = CheckActivations(members, root, layers.Length - 1, out ModelFilePosition[] activationPositions);
            if (activations is null) return null;
            string? loss = null, precision = null;
            ModelFilePosition lossPosition = default, precisionPosition = default;
            if (members.TryGetValue("loss", out ModelJsonMember? lossMember))
            {
                loss = CheckName(lossMember.Value, "$.loss", NetworkFacts.LossNames, "loss");
                if (loss is null) return null;
                lossPosition = lossMember.Value.Position;
            }
            if (members.TryGetValue("precision", out ModelJsonMember? precisionMember))
            {
                precision = CheckName(precisionMember.Value, "$.precision", NetworkFacts.PrecisionNames, "precision");
                if (precision is null) return null;
                precisionPosition = precisionMember.Value.Position;
            }
            if (!members.TryGetValue("parameters", out ModelJsonMember? parameters))
            {
                return Fail(ModelFileErrorKind.Schema, "$", root.Position, "missing \"parameters\" (an object with W1, b1, W2, b2, ...)");
            }
            int count = 0;
            for (int l = 1; l < layers.Length; l++) count += (layers[l - 1] + 1) * layers[l];
            // The arrays are sized by the values the file actually holds when it holds fewer than its layer sizes need:
            // a 100-byte file declaring "layers": [1, 1000000000] must fail on its missing values, not allocate 30 GB
            // first. CheckParameters checks every array's length before reading its values, so it never writes more
            // values than the file holds, and a file it accepts holds at least count of them.
            int stored = (int)System.Math.Min(count, CountValues(parameters.Value));
            var texts = new string[stored];
            var values = new double[stored];
            var positions = new ModelFilePosition[stored];
            if (!CheckParameters(parameters.Value, layers, texts, values, positions)) return null;
            KeyValuePair<string, string>[]? metadata = CheckMetadata(members);
            if (metadata is null) return null;
            return new ModelFileData((int)version, layers, activations, loss, precision, texts, values, positions, metadata,
                layersPosition, layerSizePositions, activationPositions, lossPosition, precisionPosition);
        }

        /// <summary>The scalar values (numbers, strings, literals) anywhere inside <paramref name="value"/>.</summary>
        private static long CountValues(ModelJsonValue value)
        {
            if (value.Kind == ModelJsonKind.Array)
            {
                long total = 0;
                foreach (ModelJsonValue item in value.Items) total += CountValues(item);
                return total;
            }
            if (value.Kind == ModelJsonKind.Object)
            {
                long total = 0;
                foreach (ModelJsonMember member in value.Members) total += CountValues(member.Value);
                return total;
            }
            return 1;
        }

        private int[]? CheckLayers(Dictionary<string, ModelJsonMember> members, ModelJsonValue root, out ModelFilePosition position, out ModelFilePosition[] sizePositions)
        {
            position = root.Position;
            sizePositions = System.Array.Empty<ModelFilePosition>();
            if (!members.TryGetValue("layers", out ModelJsonMember? member))
            {
                return FailNull<int[]>(ModelFileErrorKind.Schema, "$", root.Position, "missing \"layers\" (the layer sizes, input first, e.g. [2, 2, 1])");
            }
            ModelJsonValue value = member.Value;
            position = value.Position;
            if (value.Kind != ModelJsonKind.Array || value.Items.Count < 2)
            {
                return FailNull<int[]>(ModelFileErrorKind.Schema, "$.layers", value.Position,
                    "expected an array of at least two layer sizes (input first, e.g. [2, 2, 1]), found " + (value.Kind == ModelJsonKind.Array ? Number(value.Items.Count) + " sizes" : value.KindName));
            }
            var sizes = new int[value.Items.Count];
            sizePositions = new ModelFilePosition[sizes.Length];
            long parameterCount = 0;
            for (int i = 0; i < sizes.Length; i++)
            {
                ModelJsonValue item = value.Items[i];
                sizePositions[i] = item.Position;
                if (!TryGetWholeNumber(item, out long size) || size < 1 || size > int.MaxValue)
                {
                    return FailNull<int[]>(ModelFileErrorKind.Schema, "$.layers[" + Number(i) + "]", item.Position,
                        "a layer size must be a whole number of at least 1, found " + Found(item));
                }
                sizes[i] = (int)size;
                if (i > 0) parameterCount += (sizes[i - 1] + 1L) * sizes[i];
                if (parameterCount > int.MaxValue)
                {
                    return FailNull<int[]>(ModelFileErrorKind.Schema, "$.layers", value.Position,
                        "these layer sizes need more than " + Number(int.MaxValue) + " parameters");
                }
            }
            return sizes;
        }

        private string[]? CheckActivations(Dictionary<string, ModelJsonMember> members, ModelJsonValue root, int layerCount, out ModelFilePosition[] positions)
        {
            positions = System.Array.Empty<ModelFilePosition>();
            if (!members.TryGetValue("activations", out ModelJsonMember? member))
            {
                return FailNull<string[]>(ModelFileErrorKind.Schema, "$", root.Position,
                    "missing \"activations\" (one name per non-input layer: " + Number(layerCount) + " here)");
            }
            ModelJsonValue value = member.Value;
            if (value.Kind != ModelJsonKind.Array || value.Items.Count != layerCount)
            {
                return FailNull<string[]>(ModelFileErrorKind.Schema, "$.activations", value.Position,
                    "expected an array of " + Number(layerCount) + " activation names (one per non-input layer of " + Number(layerCount + 1)
                    + " layers), found " + (value.Kind == ModelJsonKind.Array ? Number(value.Items.Count) + " names" : value.KindName));
            }
            var names = new string[layerCount];
            positions = new ModelFilePosition[layerCount];
            for (int i = 0; i < layerCount; i++)
            {
                positions[i] = value.Items[i].Position;
                string? name = CheckName(value.Items[i], "$.activations[" + Number(i) + "]", NetworkFacts.ActivationNames, "activation");
                if (name is null) return null;
                if (name == "Softmax" && i < layerCount - 1)
                {
                    // No NetGen network has one ([Mlp] and the ONNX importer refuse it): a file with one could be read, but not loaded, declared or re-imported.
                    return FailNull<string[]>(ModelFileErrorKind.Schema, "$.activations[" + Number(i) + "]", value.Items[i].Position,
                        "Softmax is for the output layer only; layer " + Number(i + 1) + " of " + Number(layerCount) + " is a hidden layer");
                }
                names[i] = name;
            }
            return names;
        }

        /// <summary>A case-insensitive name from <paramref name="names"/>, returned in its canonical spelling.</summary>
        private string? CheckName(ModelJsonValue value, string path, string[] names, string what)
        {
            int index = value.Kind == ModelJsonKind.String ? NetworkFacts.IndexOf(names, value.Text) : -1;
            if (index >= 0) return names[index];
            return FailNull<string>(ModelFileErrorKind.Schema, path, value.Position,
                "unknown " + what + " " + Found(value) + "; expected one of " + string.Join(", ", names));
        }

        private bool CheckParameters(ModelJsonValue parameters, int[] layers, string[] texts, double[] values, ModelFilePosition[] positions)
        {
            if (parameters.Kind != ModelJsonKind.Object)
            {
                Fail(ModelFileErrorKind.Schema, "$.parameters", parameters.Position, "expected an object with W1, b1, W2, b2, ..., found " + parameters.KindName);
                return false;
            }
            Dictionary<string, ModelJsonMember>? members = Members(parameters, "$.parameters");
            if (members is null) return false;
            int layerCount = layers.Length - 1;
            string expectedNames = layerCount == 1 ? "W1 and b1" : "W1, b1 ... W" + Number(layerCount) + ", b" + Number(layerCount);
            foreach (ModelJsonMember member in parameters.Members)
            {
                if (IsParameterName(member.Name, layerCount)) continue;
                Fail(ModelFileErrorKind.ExtraParameter, MemberPath("$.parameters", member.Name), member.NamePosition,
                    "unexpected parameter \"" + member.Name + "\"; a network with " + Number(layerCount) + (layerCount == 1 ? " layer" : " layers")
                    + " " + ListText(layers) + " has " + expectedNames + " (names are case-sensitive)");
                return false;
            }

            int flat = 0;
            for (int l = 1; l <= layerCount; l++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int inputs = layers[l - 1], outputs = layers[l];
                string w = "W" + Number(l), b = "b" + Number(l);
                if (!members.TryGetValue(w, out ModelJsonMember? weights))
                {
                    Fail(ModelFileErrorKind.MissingParameter, "$.parameters", parameters.Position,
                        "missing " + w + " (layer " + Number(l) + " weights: " + Number(outputs) + " rows of " + Number(inputs) + " numbers, [out][in])");
                    return false;
                }
                string wPath = "$.parameters." + w;
                ModelJsonValue matrix = weights.Value;
                if (matrix.Kind != ModelJsonKind.Array || matrix.Items.Count != outputs)
                {
                    Fail(ModelFileErrorKind.Shape, wPath, matrix.Position,
                        w + " must be " + Number(outputs) + (outputs == 1 ? " row" : " rows") + " (one per unit of layer " + Number(l) + ") of " + Number(inputs)
                        + " numbers (one per input), [out][in]; found " + (matrix.Kind == ModelJsonKind.Array ? Number(matrix.Items.Count) + (matrix.Items.Count == 1 ? " row" : " rows") : matrix.KindName));
                    return false;
                }
                for (int r = 0; r < outputs; r++)
                {
                    ModelJsonValue row = matrix.Items[r];
                    string rowPath = wPath + "[" + Number(r) + "]";
                    if (row.Kind != ModelJsonKind.Array || row.Items.Count != inputs)
                    {
                        Fail(ModelFileErrorKind.Shape, rowPath, row.Position,
                            "row " + Number(r) + " of " + w + " must have " + Number(inputs) + (inputs == 1 ? " number" : " numbers") + " (layer " + Number(l) + " has " + Number(inputs)
                            + (inputs == 1 ? " input" : " inputs") + "), found " + (row.Kind == ModelJsonKind.Array ? Number(row.Items.Count) + (row.Items.Count == 1 ? " value" : " values") : row.KindName));
                        return false;
                    }
                    for (int c = 0; c < inputs; c++)
                    {
                        if (!CheckNumber(row.Items[c], rowPath, c, flat++, texts, values, positions)) return false;
                    }
                }
                if (!members.TryGetValue(b, out ModelJsonMember? biases))
                {
                    Fail(ModelFileErrorKind.MissingParameter, "$.parameters", parameters.Position,
                        "missing " + b + " (layer " + Number(l) + " biases: " + Number(outputs) + (outputs == 1 ? " number" : " numbers") + ")");
                    return false;
                }
                string bPath = "$.parameters." + b;
                ModelJsonValue vector = biases.Value;
                if (vector.Kind != ModelJsonKind.Array || vector.Items.Count != outputs)
                {
                    Fail(ModelFileErrorKind.Shape, bPath, vector.Position,
                        b + " must be an array of " + Number(outputs) + (outputs == 1 ? " number" : " numbers") + " (one per unit of layer " + Number(l) + "), found "
                        + (vector.Kind == ModelJsonKind.Array ? Number(vector.Items.Count) + (vector.Items.Count == 1 ? " value" : " values") : vector.KindName));
                    return false;
                }
                for (int r = 0; r < outputs; r++)
                {
                    if (!CheckNumber(vector.Items[r], bPath, r, flat++, texts, values, positions)) return false;
                }
            }
            return true;
        }

        private bool CheckNumber(ModelJsonValue item, string parentPath, int index, int flat, string[] texts, double[] values, ModelFilePosition[] positions)
        {
            if (item.Kind == ModelJsonKind.Number)
            {
                // On .NET Core an overflowing number parses as infinity; on .NET Framework (an IDE host) TryParse fails.
                if (!double.TryParse(item.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
                {
                    Fail(ModelFileErrorKind.Overflow, parentPath + "[" + Number(index) + "]", item.Position,
                        Shorten(item.Text) + " overflows double (parameters must be finite numbers)");
                    return false;
                }
                texts[flat] = item.Text;
                values[flat] = value;
                positions[flat] = item.Position;
                return true;
            }
            if (item.Kind == ModelJsonKind.NonFinite)
            {
                Fail(ModelFileErrorKind.NotFinite, parentPath + "[" + Number(index) + "]", item.Position, item.Text + " is not allowed; parameters must be finite numbers");
                return false;
            }
            Fail(ModelFileErrorKind.NotANumber, parentPath + "[" + Number(index) + "]", item.Position, "expected a number, found " + Found(item));
            return false;
        }

        private KeyValuePair<string, string>[]? CheckMetadata(Dictionary<string, ModelJsonMember> members)
        {
            if (!members.TryGetValue("metadata", out ModelJsonMember? member)) return System.Array.Empty<KeyValuePair<string, string>>();
            ModelJsonValue value = member.Value;
            if (value.Kind != ModelJsonKind.Object)
            {
                return FailNull<KeyValuePair<string, string>[]>(ModelFileErrorKind.Schema, "$.metadata", value.Position,
                    "expected an object of names and strings, found " + value.KindName);
            }
            if (Members(value, "$.metadata") is null) return null;
            var pairs = new KeyValuePair<string, string>[value.Members.Count];
            for (int i = 0; i < pairs.Length; i++)
            {
                ModelJsonMember pair = value.Members[i];
                ModelJsonKind kind = pair.Value.Kind;
                if (kind != ModelJsonKind.String && kind != ModelJsonKind.Number && kind != ModelJsonKind.True && kind != ModelJsonKind.False)
                {
                    return FailNull<KeyValuePair<string, string>[]>(ModelFileErrorKind.Schema, MemberPath("$.metadata", pair.Name), pair.Value.Position,
                        "metadata values must be strings (or numbers or booleans), found " + pair.Value.KindName);
                }
                pairs[i] = new KeyValuePair<string, string>(pair.Name, pair.Value.Text);
            }
            return pairs;
        }

        /// <summary>An object's members by name; null (with the error set) when a name appears twice.</summary>
        private Dictionary<string, ModelJsonMember>? Members(ModelJsonValue value, string path)
        {
            var members = new Dictionary<string, ModelJsonMember>(System.StringComparer.Ordinal);
            foreach (ModelJsonMember member in value.Members)
            {
                if (members.ContainsKey(member.Name))
                {
                    return FailNull<Dictionary<string, ModelJsonMember>>(ModelFileErrorKind.Schema, MemberPath(path, member.Name), member.NamePosition,
                        "duplicate member \"" + member.Name + "\"");
                }
                members.Add(member.Name, member);
            }
            return members;
        }

        private static bool IsParameterName(string name, int layerCount)
        {
            if (name.Length < 2 || (name[0] != 'W' && name[0] != 'b') || name[1] == '0') return false;
            long layer = 0;
            for (int i = 1; i < name.Length; i++)
            {
                if (name[i] < '0' || name[i] > '9' || i > 10) return false;
                layer = layer * 10 + (name[i] - '0');
            }
            return layer >= 1 && layer <= layerCount;
        }

        /// <summary>A whole number without fraction or exponent (JSON integers as written by any writer).</summary>
        private static bool TryGetWholeNumber(ModelJsonValue value, out long number)
        {
            number = 0;
            if (value.Kind != ModelJsonKind.Number) return false;
            string text = value.Text;
            int start = text[0] == '-' ? 1 : 0;
            if (text.Length - start > 18) return false;
            for (int i = start; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9') return false;
                number = number * 10 + (text[i] - '0');
            }
            if (start == 1) number = -number;
            return true;
        }

        private static string Found(ModelJsonValue value) => value.Kind switch
        {
            ModelJsonKind.String => "\"" + Shorten(value.Text) + "\"",
            ModelJsonKind.Number => Shorten(value.Text),
            _ => value.KindName,
        };

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

        private ModelFileData? Fail(ModelFileErrorKind kind, string path, ModelFilePosition position, string problem)
        {
            Error ??= new ModelFileError(kind, path, position, problem);
            return null;
        }

        private T? FailNull<T>(ModelFileErrorKind kind, string path, ModelFilePosition position, string problem) where T : class
        {
            Fail(kind, path, position, problem);
            return null;
        }
    }
}
