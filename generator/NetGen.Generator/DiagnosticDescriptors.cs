using Microsoft.CodeAnalysis;

namespace NetGen.Generator;

/// <summary>Every diagnostic NetGen reports. Documented with examples in docs/diagnostics.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "See docs/diagnostics.md in the NetGen repository for an example and the fix.", customTags: WellKnownDiagnosticTags.NotConfigurable);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "See docs/diagnostics.md in the NetGen repository for an example and the fix.");

    public static readonly DiagnosticDescriptor NotPartial = Error("NG0001",
        "Network type must be partial",
        "'{0}' must be declared partial so that NetGen can add the network's members to it{1}");

    public static readonly DiagnosticDescriptor TooFewLayers = Error("NG0002",
        "A network needs at least two layer sizes",
        "[Mlp] on '{0}' gives {1} layer size(s); give at least two, the input size first and the output size last, e.g. [Mlp(2, 4, 1)]");

    public static readonly DiagnosticDescriptor LayerSizeTooSmall = Error("NG0003",
        "Layer size must be at least 1",
        "Layer size {0} (position {1}) of '{2}' must be at least 1");

    public static readonly DiagnosticDescriptor UnknownActivation = Error("NG0004",
        "Unknown activation",
        "Unknown activation '{0}' in {1}; valid names are {2}{3}");

    public static readonly DiagnosticDescriptor UnknownLoss = Error("NG0005",
        "Unknown loss",
        "Unknown loss '{0}'; valid names are {1}{2}");

    public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Error("NG0006",
        "Softmax is only allowed on the output layer",
        "Hidden layer {0} of '{1}' uses Softmax, which is only allowed as the output activation; use {2}");

    public static readonly DiagnosticDescriptor CrossEntropyWithoutSoftmax = Error("NG0007",
        "CrossEntropy needs a Softmax output",
        "Loss CrossEntropy needs OutputActivation = \"Softmax\", but the output activation of '{0}' is {1}");

    public static readonly DiagnosticDescriptor SoftmaxWithoutCrossEntropy = Error("NG0008",
        "A Softmax output needs the CrossEntropy loss",
        "The Softmax output of '{0}' needs Loss = \"CrossEntropy\" (NetGen fuses their gradient), but the loss is {1}");

    public static readonly DiagnosticDescriptor BceNeedsUnitIntervalOutput = Error("NG0009",
        "BCE needs outputs in (0, 1)",
        "Loss BCE takes the logarithm of each output, so the outputs of '{0}' must lie in (0, 1): use OutputActivation = \"Sigmoid\" instead of {1}");

    public static readonly DiagnosticDescriptor UnknownPrecision = Error("NG0010",
        "Unknown precision",
        "Precision value {0} is not defined; use Precision.Float or Precision.Double");

    public static readonly DiagnosticDescriptor UnknownInit = Error("NG0011",
        "Unknown weight initialization",
        "Init value {0} is not defined; use one of WeightInit.Auto, Xavier, He, Normal, Uniform, Zero");

    public static readonly DiagnosticDescriptor ActivationCountMismatch = Error("NG0012",
        "Activation list does not match the layers",
        "Activation lists {0} names, but '{1}' has {2} hidden layer(s) and {3} non-input layer(s); give one name, one per hidden layer, or one per non-input layer (then leave OutputActivation unset)");

    public static readonly DiagnosticDescriptor GenericType = Error("NG0013",
        "Network type must not be generic",
        "'{0}' is generic or nested in a generic type; NetGen networks have fixed sizes and number types, so declare them on a non-generic class");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error("NG0014",
        "Network too large",
        "'{0}' is too large: {1}; NetGen supports at most {2}");

    public static readonly DiagnosticDescriptor InvalidUnrollThreshold = Error("NG0015",
        "UnrollThreshold must not be negative",
        "UnrollThreshold is {0}; give 0 (loops everywhere) or a positive number of weights per layer");

    public static readonly DiagnosticDescriptor NotAClass = Error("NG0016",
        "Network type must be a class",
        "'{0}' is a {1}; [Mlp] networks must be classes: they hold their parameters inline, and a struct would copy them on every assignment");

    public static readonly DiagnosticDescriptor StaticClass = Error("NG0017",
        "Network type must not be static",
        "'{0}' is static; a network has parameters per instance, so declare a non-static partial class");

    public static readonly DiagnosticDescriptor InternalError = Error("NG0018",
        "Internal error in NetGen",
        "Internal error in NetGen, please report: generating '{0}' failed with {1}: {2}");

    public static readonly DiagnosticDescriptor ReservedName = Error("NG0019",
        "A member's name is taken by the generated network",
        "{0} '{1}' of '{2}' has a name that the generated network uses ({3}); rename it (docs/diagnostics.md lists the reserved names)");

    public static readonly DiagnosticDescriptor PrimaryConstructor = Error("NG0020",
        "Network type must not have a primary constructor",
        "'{0}' has a primary constructor; NetGen generates the constructor '{0}(int seed = 0)', which cannot call it: remove the parameter list and keep the state in fields");

    public static readonly DiagnosticDescriptor ExplicitLayout = Error("NG0021",
        "Network type must not have an explicit layout",
        "'{0}' has [StructLayout(LayoutKind.Explicit)]; the generated fields have no FieldOffset, so use the default (sequential or auto) layout");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error("NG0022",
        "The generated network needs C# 12",
        "The network '{0}' needs C# 12 or later (its generated code uses inline arrays), but the project compiles with C# {1}; set <LangVersion>12</LangVersion> or later");

    public static readonly DiagnosticDescriptor FileLocalType = Error("NG0023",
        "Network type must not be file-local",
        "'{0}' is file-local ('file' modifier{1}); a file-local type cannot have parts in another file, and the generated part is one: use internal or private instead");

    public static readonly DiagnosticDescriptor BaseWithoutParameterlessConstructor = Error("NG0024",
        "The base class needs a parameterless constructor",
        "'{0}' derives from '{1}', which has no accessible constructor without arguments; the generated constructor '{0}(int seed = 0)' calls base()");

    public static readonly DiagnosticDescriptor AbstractClass = Error("NG0026",
        "Network type must not be abstract",
        "'{0}' is abstract; the generated Load and Trained.Create make instances of it, so declare a concrete class (it may derive from an abstract base)");

    public static readonly DiagnosticDescriptor NameIsTaken = Error("NG0027",
        "Network type has the full name of a namespace or a referenced type",
        "'{0}' has the full name of {1}; {2}: rename the class or move it to another namespace");

    public static readonly DiagnosticDescriptor BaseIsANetwork = Error("NG0028",
        "Network type derives from a network",
        "'{0}' derives from '{1}', which is a network too ([Mlp]): the generated members of '{0}' (Predict, Forward, Parameters...) would hide those of '{1}'; derive both from a class that is not a network, or hold the other network in a field");

    public static readonly DiagnosticDescriptor RequiredMember = Error("NG0029",
        "Network type has a required member",
        "'{0}' has the required member '{1}'; the generated Load and Trained.Create create the network with its constructor and cannot set it: drop 'required' and set the member in an initializer or a constructor");

    public static readonly DiagnosticDescriptor UnrollThresholdTooLarge = Warning("NG0025",
        "UnrollThreshold above the maximum",
        "UnrollThreshold {0} is above the maximum of {1} weights per layer; {1} is used (larger unrolled layers make huge files, slow builds and slower code)");

    // NG0030-NG0049: baking a model file into the class ([Mlp(..., Weights = "file.json")]).

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error("NG0030",
        "Weights file is not among the additional files",
        "The Weights file '{0}' of '{1}' is not among the project's additional files; add <AdditionalFiles Include=\"{0}\" /> to the project file (the generator reads only additional files, matched by file name or relative path)");

    public static readonly DiagnosticDescriptor WeightsFileAmbiguous = Error("NG0031",
        "Weights file name matches several additional files",
        "The Weights file '{0}' of '{1}' matches {2} additional files ({3}); name it by a longer relative path, e.g. \"models/{0}\"");

    public static readonly DiagnosticDescriptor WeightsFileTooLarge = Error("NG0032",
        "Weights file too large",
        "The Weights file '{0}' of '{1}' has {2} characters; NetGen bakes files of at most {3} characters (a network that large belongs in a file loaded at run time with Load)");

    public static readonly DiagnosticDescriptor WeightsFileNotJson = Error("NG0033",
        "Weights file is not valid JSON",
        "The Weights file '{0}' of '{1}' cannot be read: {2}");

    public static readonly DiagnosticDescriptor WeightsFileWrongFormat = Error("NG0034",
        "Weights file is not a NetGen model file",
        "The Weights file '{0}' of '{1}' is not a NetGen model file: {2}");

    public static readonly DiagnosticDescriptor WeightsFileUnsupportedVersion = Error("NG0035",
        "Weights file version not supported",
        "The Weights file '{0}' of '{1}' has an unsupported version: {2}");

    public static readonly DiagnosticDescriptor WeightsFileArchitectureMismatch = Error("NG0036",
        "Weights file is for another architecture",
        "The Weights file '{0}' does not fit '{1}': {2}");

    public static readonly DiagnosticDescriptor WeightsFileWrongShape = Error("NG0037",
        "Weights file has a parameter of the wrong shape",
        "The Weights file '{0}' of '{1}' has a parameter of the wrong shape: {2}");

    public static readonly DiagnosticDescriptor WeightsFileMissingOrExtraParameter = Error("NG0038",
        "Weights file has a missing or extra parameter",
        "The Weights file '{0}' of '{1}' has a missing or extra parameter: {2}");

    public static readonly DiagnosticDescriptor WeightsFileBadNumber = Error("NG0039",
        "Weights file has a value that is not a usable number",
        "The Weights file '{0}' of '{1}' has a value that is not a usable number: {2}");

    public static readonly DiagnosticDescriptor WeightsFileInvalid = Error("NG0040",
        "Weights file is not a valid model file",
        "The Weights file '{0}' of '{1}' is not a valid model file: {2}");

    public static readonly DiagnosticDescriptor WeightsFileLossDiffers = new("NG0042",
        "Weights file was trained with another loss",
        "The Weights file '{0}' of '{1}' names another loss ({2}); the weights are compiled in anyway: the loss only matters for training (fine-tuning with Trained.Create() uses the attribute's loss)",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "See docs/diagnostics.md in the NetGen repository for an example and the fix.");

    public static readonly DiagnosticDescriptor WeightsFileNameEmpty = Error("NG0041",
        "Weights names no file",
        "Weights is empty; name a model file that is among the project's additional files, e.g. Weights = \"model.json\", or remove the setting");
}
