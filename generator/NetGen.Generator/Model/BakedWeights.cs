using NetGen.Generator.Helpers;

namespace NetGen.Generator.Model;

/// <summary>Trained parameters compiled into a network, read from its <c>Weights</c> file and checked against it.</summary>
/// <param name="FileName">The file as the attribute names it (for comments in the generated code).</param>
/// <param name="Literals">Every parameter in the flat order as a C# literal of the network's number type (<c>5.712f</c>, <c>-0.25d</c>).</param>
internal sealed record BakedWeights(string FileName, EquatableArray<string> Literals);
