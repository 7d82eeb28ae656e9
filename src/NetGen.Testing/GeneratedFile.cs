namespace NetGen.Testing;

/// <summary>A source file the NetGen generator produced.</summary>
/// <param name="HintName">The generator's name for it, unique per run, e.g. <c>Demo.XorNet.g.cs</c> (the file name
/// <c>EmitCompilerGeneratedFiles</c> writes it under).</param>
/// <param name="Text">Its text, with <c>\n</c> line endings.</param>
public sealed record GeneratedFile(string HintName, string Text);
