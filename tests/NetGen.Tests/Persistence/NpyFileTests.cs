using System;
using System.IO;
using System.Linq;
using System.Text;
using NetGen.Tests.Data;
using Xunit;

namespace NetGen.Tests.Persistence;

/// <summary>
/// NumPy <c>.npy</c> files: files written by NumPy itself read back exactly, NetGen writes the bytes NumPy writes, and
/// every malformed file is an error naming the file and the problem.
/// </summary>
public class NpyFileTests
{
    /// <summary>
    /// Bytes of <c>np.save(f, np.array([0.15, 0.2, 0.25, 0.3, 0.35, 0.35, 0.4, 0.45, 0.6], dtype=np.float32))</c>,
    /// NumPy 1.24.2 (Debian python3-numpy), base64: a 128-byte header, then 9 little-endian floats.
    /// </summary>
    private const string NumpyFloat32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDksKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqamRk+zcxMPgAAgD6amZk+MzOzPjMzsz7NzMw+ZmbmPpqZGT8=";

    /// <summary>Bytes of <c>np.save(f, np.array([0.15, -0.2, 1e-300, 3.5e38], dtype=np.float64))</c>, NumPy 1.24.2, base64.</summary>
    private const string NumpyFloat64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAozMzMzMzPDP5qZmZmZmcm/WfP4wh9upQF7zdPE+HTwRw==";

    private static readonly float[] XorParameters = { 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.35f, 0.4f, 0.45f, 0.6f };

    [Fact]
    public void Files_written_by_NumPy_read_exactly()
    {
        Assert.Equal(XorParameters, NpyFile.Read<float>(new MemoryStream(Convert.FromBase64String(NumpyFloat32)), "xor.npy"));
        Assert.Equal(new[] { 0.15, -0.2, 1e-300, 3.5e38 }, NpyFile.Read<double>(new MemoryStream(Convert.FromBase64String(NumpyFloat64)), "f8.npy"));
        Assert.Equal(XorParameters.Select(f => (double)f), NpyFile.Read<double>(new MemoryStream(Convert.FromBase64String(NumpyFloat32)), "xor.npy"));
    }

    [Fact]
    public void NetGen_writes_the_bytes_NumPy_writes()
    {
        using var stream = new MemoryStream();
        NpyFile.Write<float>(stream, XorParameters);
        Assert.Equal(Convert.FromBase64String(NumpyFloat32), stream.ToArray());
        using var doubles = new MemoryStream();
        NpyFile.Write<double>(doubles, new[] { 0.15, -0.2, 1e-300, 3.5e38 });
        Assert.Equal(Convert.FromBase64String(NumpyFloat64), doubles.ToArray());
    }

    [Fact]
    public void Headers_are_padded_to_64_bytes_for_any_length()
    {
        foreach (int count in new[] { 0, 1, 9, 10, 99999, 535818 })
        {
            using var stream = new MemoryStream();
            NpyFile.Write<double>(stream, new double[count]);
            byte[] bytes = stream.ToArray();
            int headerLength = BitConverter.ToUInt16(bytes, 8);
            Assert.Equal(0, (10 + headerLength) % 64);
            Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
            Assert.StartsWith($"{{'descr': '<f8', 'fortran_order': False, 'shape': ({count},), }}", Encoding.ASCII.GetString(bytes, 10, headerLength));
            Assert.Equal(10 + headerLength + 8 * count, bytes.Length);
        }
    }

    [Fact]
    public void A_network_round_trips_through_npy_bit_identically_and_loads_NumPys_file()
    {
        using var folder = new TempDirectory();
        var net = new TorchNet(seed: 8);
        ModelFile.SaveNpy(net, folder.File("torch.npy"));
        var loaded = new TorchNet();
        ModelFile.LoadNpy(loaded, folder.File("torch.npy"));
        var expected = new float[TorchNet.ParameterCount];
        var actual = new float[TorchNet.ParameterCount];
        net.CopyParametersTo(expected);
        loaded.CopyParametersTo(actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("<f4", Encoding.ASCII.GetString(File.ReadAllBytes(folder.File("torch.npy")), 21, 3));

        var doubleNet = new TorchDoubleNet(seed: 8);
        ModelFile.SaveNpy(doubleNet, folder.File("double.npy"));
        Assert.Equal("<f8", Encoding.ASCII.GetString(File.ReadAllBytes(folder.File("double.npy")), 21, 3));
        var doubleLoaded = new TorchDoubleNet();
        ModelFile.LoadNpy(doubleLoaded, folder.File("double.npy"));
        Assert.Equal(doubleNet.Parameters.ToArray(), doubleLoaded.Parameters.ToArray());

        var xor = new XorNet();
        ModelFile.LoadNpy(xor, folder.Write("xor.npy", Convert.FromBase64String(NumpyFloat32)));
        Assert.Equal(XorParameters, xor.Parameters.ToArray());
    }

    private static ModelFileException LoadFails(byte[] bytes, out string path)
    {
        var folder = new TempDirectory();
        try
        {
            string file = path = folder.Write("params.npy", bytes);
            return Assert.Throws<ModelFileException>(() => ModelFile.LoadNpy(new XorNet(), file));
        }
        finally
        {
            folder.Dispose();
        }
    }

    private static byte[] NumpyWith(string oldText, string newText)
    {
        byte[] bytes = Convert.FromBase64String(NumpyFloat32);
        string header = Encoding.ASCII.GetString(bytes, 10, 118);
        Assert.Contains(oldText, header);
        string changed = header.Replace(oldText, newText);
        changed = changed.TrimEnd('\n', ' ').PadRight(117) + "\n"; // keep NumPy's 118-byte header: the data stays where it was
        return bytes[..10].Concat(Encoding.ASCII.GetBytes(changed)).Concat(bytes[128..]).ToArray();
    }

    [Theory]
    [InlineData("'<f4'", "'>f4'", "the array is big-endian ('>f4'); save it little-endian")]
    [InlineData("'<f4'", "'<i8'", "the array's dtype is '<i8'; NetGen reads float32 ('<f4') or float64 ('<f8')")]
    [InlineData("'<f4'", "'<f2'", "the array's dtype is '<f2'")]
    [InlineData("False", "True ", "the array is in Fortran order; NetGen reads C order")]
    [InlineData("(9,)", "(3, 3)", "the array has shape (3, 3); NetGen reads a flat vector, shape (n,)")]
    [InlineData("(9,)", "()", "the array has shape ()")]
    [InlineData("(9,)", "(10,)", "truncated: the header promises 10 values (40 bytes) but only 36 bytes of data follow")]
    [InlineData("(9,)", "(8,)", "4 bytes follow the 8 values the header promises")]
    [InlineData("'shape'", "'shape' ", "")]
    [InlineData("'shape'", "'shapes'", "the header must have exactly 'descr', 'fortran_order' and 'shape'")]
    [InlineData("{", "[", "the header is not a dictionary as NumPy writes it")]
    public void Malformed_headers_are_named(string oldText, string newText, string message)
    {
        byte[] bytes = NumpyWith(oldText, newText);
        if (message.Length == 0)
        {
            // Extra white space is still NumPy's dictionary: reads fine.
            Assert.Equal(XorParameters, NpyFile.Read<float>(new MemoryStream(bytes), "ok.npy"));
            return;
        }
        ModelFileException error = LoadFails(bytes, out string path);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(message, error.Message);
        Assert.Equal(path, error.FilePath);
        Assert.Null(error.Line);
    }

    [Fact]
    public void Wrong_magic_version_truncation_count_and_values_are_named()
    {
        byte[] good = Convert.FromBase64String(NumpyFloat32);
        Assert.Contains("not a .npy file (it does not start with the NumPy magic \\x93NUMPY)", LoadFails(Encoding.ASCII.GetBytes("{\"format\": 1}"), out _).Message);
        Assert.Contains("not a .npy file", LoadFails(Array.Empty<byte>(), out _).Message);
        byte[] version = (byte[])good.Clone();
        version[6] = 4;
        Assert.Contains("unsupported .npy format version 4.0 (NetGen reads 1.0, 2.0 and 3.0)", LoadFails(version, out _).Message);
        Assert.Contains("truncated: the header is 118 bytes long but only 50 bytes follow", LoadFails(good[..60], out _).Message);
        Assert.Contains("truncated: the header promises 9 values (36 bytes) but only 35 bytes of data follow", LoadFails(good[..^1], out _).Message);
        Assert.Contains("truncated: the file ends inside the header length", LoadFails(good[..9], out _).Message);

        using var ten = new MemoryStream();
        NpyFile.Write<float>(ten, new float[10]);
        ModelFileException count = LoadFails(ten.ToArray(), out string path);
        Assert.Equal($"{path}: the file holds 10 values; XorNet has 9 parameters ([2, 2, 1]).", count.Message);

        using var nan = new MemoryStream();
        NpyFile.Write<float>(nan, new[] { 0f, 0, 0, 0, 0, float.NaN, 0, 0, 0 });
        Assert.EndsWith(": element 5 (b1[1]) is NaN; parameters must be finite numbers.", LoadFails(nan.ToArray(), out _).Message);

        using var big = new MemoryStream();
        NpyFile.Write<double>(big, new[] { 0, 0, 0, 0, 0, 0, 0, 4e38, 0 });
        Assert.EndsWith(": element 7 is 4E+38, too large for float (the largest float is 3.4028235E+38).", LoadFails(big.ToArray(), out _).Message);
    }

    [Fact]
    public void Version_2_headers_read_and_other_element_types_are_refused()
    {
        byte[] v1 = Convert.FromBase64String(NumpyFloat32);
        // Version 2.0: the same header with a 32-bit length (NumPy writes it for headers over 65535 bytes).
        byte[] v2 = v1[..6].Concat(new byte[] { 2, 0 }).Concat(BitConverter.GetBytes(118u)).Concat(v1[10..]).ToArray();
        Assert.Equal(XorParameters, NpyFile.Read<float>(new MemoryStream(v2), "v2.npy"));
        Assert.Throws<NotSupportedException>(() => NpyFile.Write<Half>(new MemoryStream(), new Half[1]));
    }

    [Fact]
    public void Writing_to_a_path_is_atomic_and_leaves_no_temporary_file()
    {
        using var folder = new TempDirectory();
        string path = folder.File("p.npy");
        NpyFile.Write<float>(path, XorParameters);
        NpyFile.Write<float>(path, new float[] { 1, 2 });
        Assert.Equal(new float[] { 1, 2 }, NpyFile.Read<float>(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }
}
