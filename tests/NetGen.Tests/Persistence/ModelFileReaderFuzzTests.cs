using System;
using System.Text;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace NetGen.Tests.Persistence;

/// <summary>
/// The reader never throws on any text (the generator runs it on whatever file a user names): every input gives either
/// a file or an error with a position inside the text, and only cancellation escapes as an exception.
/// </summary>
public class ModelFileReaderFuzzTests
{
    private readonly ITestOutputHelper _output;

    public ModelFileReaderFuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>Reads <paramref name="text"/>; asserts a result or an error with a position within the text.</summary>
    private static bool ReadsWithoutThrowing(string text)
    {
        ModelFileData? data = ModelFileReader.Read(text, CancellationToken.None, out ModelFileError? error);
        Assert.True((data is null) != (error is null), "exactly one of data and error");
        if (error is null) return true;
        Assert.InRange(error.Offset, 0, text.Length);
        Assert.InRange(error.Line, 1, text.Length + 1);
        Assert.InRange(error.Column, 1, text.Length + 1);
        Assert.StartsWith("$", error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
        return false;
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_an_error_and_never_an_exception()
    {
        string text = ModelFileReaderTests.Xor;
        for (int length = 0; length < text.Length; length++)
        {
            // Cutting inside the trailing whitespace leaves a complete document; anything shorter is truncated.
            bool complete = text.Substring(length).Trim().Length == 0;
            Assert.Equal(complete, ReadsWithoutThrowing(text.Substring(0, length)));
        }
        Assert.True(ReadsWithoutThrowing(text));
        _output.WriteLine($"{text.Length} truncations tried");
    }

    [Fact]
    public void Random_bytes_and_random_edits_of_a_valid_file_never_throw()
    {
        var random = new Random(20261124);
        byte[] valid = Encoding.UTF8.GetBytes(ModelFileReaderTests.Xor);
        int tried = 0, accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            ReadsWithoutThrowing(Encoding.UTF8.GetString(bytes));
            ReadsWithoutThrowing(Encoding.Latin1.GetString(bytes));
            tried += 2;
        }
        const string alphabet = "{}[],:\"\\ \n0123456789-+.eEtrufalsnNI\u0000\uD800";
        for (int i = 0; i < 20000; i++)
        {
            byte[] edited = (byte[])valid.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++) edited[random.Next(edited.Length)] = (byte)alphabet[random.Next(alphabet.Length)];
            var text = new StringBuilder(Encoding.UTF8.GetString(edited));
            if (random.Next(4) == 0) text.Insert(random.Next(text.Length), alphabet[random.Next(alphabet.Length)]);
            if (ReadsWithoutThrowing(text.ToString())) accepted++;
            tried++;
        }
        _output.WriteLine($"{tried} inputs tried, {accepted} accepted, 0 exceptions");
    }

    [Fact]
    public void Deep_nesting_and_huge_numbers_never_throw()
    {
        Assert.False(ReadsWithoutThrowing(new string('[', 5_000_000)));
        Assert.False(ReadsWithoutThrowing(new string('{', 100) + "\"a\":"));
        Assert.False(ReadsWithoutThrowing(string.Concat(System.Linq.Enumerable.Repeat("{\"a\":[", 10_000))));
        string huge = "1" + new string('9', 1_000_000);
        Assert.False(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("[0.6]", "[" + huge + "]")));
        Assert.False(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("[0.6]", "[1e" + new string('9', 100_000) + "]")));
        Assert.True(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("[0.6]", "[0." + new string('9', 1_000_000) + "]")));
        Assert.True(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("[0.6]", "[1e-" + new string('9', 100_000) + "]")));
        Assert.False(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("\"version\": 1", "\"version\": " + huge)));
        Assert.False(ReadsWithoutThrowing(ModelFileReaderTests.Xor.Replace("[2, 2, 1]", "[2, " + huge + ", 1]")));
        Assert.False(ReadsWithoutThrowing("\"" + new string('\\', 999_999) + "\""));
    }

    [Fact]
    public void A_large_valid_file_reads_and_cancellation_is_honoured_midway()
    {
        string big = ModelFileReaderTests.BigFile(784, 128);
        Assert.True(ReadsWithoutThrowing(big));
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.Throws<OperationCanceledException>(() => ModelFileReader.Read(big, source.Token, out _));
    }
}
