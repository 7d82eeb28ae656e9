namespace NetGen.Tool;

/// <summary>The exit codes of <c>netgen</c>; scripts may rely on them (README, "The netgen tool").</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line is invalid: unknown command or option, missing argument, unsupported file extension.</summary>
    public const int Usage = 1;

    /// <summary>A file cannot be read or written (missing, no permission, ...).</summary>
    public const int FileError = 2;

    /// <summary>A model is invalid or cannot be mapped (bad model file, ONNX model that is not a dense chain), or input values are bad.</summary>
    public const int InvalidModel = 3;

    /// <summary><c>netgen verify</c>: the two models differ by more than the tolerance.</summary>
    public const int Mismatch = 4;
}
