using System;
using System.IO;
using Xunit;

namespace NetGen.Tests.Data;

public class CsvTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Label_columns_become_targets_and_the_rest_inputs_in_file_order()
    {
        string path = _dir.Write("data.csv", "a,label,b\n1,10,2\n3.5,20,-4\n");
        var data = Csv.Load(path, "label");
        Assert.Equal((2, 2, 1), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new float[] { 1, 2, 3.5f, -4 }, data.Features.ToArray());
        Assert.Equal(new float[] { 10, 20 }, data.Targets.ToArray());
    }

    [Fact]
    public void Several_label_columns_keep_the_order_they_are_named_in()
    {
        string path = _dir.Write("two.csv", "x,t1,t2\n1,2,3\n4,5,6\n");
        var data = Csv.Load<double>(path, "t2", "t1");
        Assert.Equal((2, 1, 2), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new double[] { 1, 4 }, data.Features.ToArray());
        Assert.Equal(new double[] { 3, 2, 6, 5 }, data.Targets.ToArray());
    }

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_with_quotes_spaces_blank_lines_and_crlf()
    {
        string text = "\"x 1\", x2 ,\"y\"\r\n\r\n 0.1 , -2e-3, \"7\"\r\n\r\n1E2,+5,0\r\n";
        string path = _dir.Write("mixed.csv", text);
        var data = Csv.Load<double>(path, "y");
        Assert.Equal(new double[] { 0.1, -0.002, 100, 5 }, data.Features.ToArray());
        Assert.Equal(new double[] { 7, 0 }, data.Targets.ToArray());
        // The quoted header name with a space is a column name like any other.
        Assert.Equal(new double[] { 0.1, 100 }, Csv.Load<double>(path, "x 1").Targets.ToArray());
    }

    [Fact]
    public void A_single_class_column_can_be_one_hot_encoded()
    {
        string path = _dir.Write("classes.csv", "f1,f2,species\n0.5,1,2\n0.25,2,0\n1,3,1\n");
        var data = Csv.Load(path, new CsvOptions { LabelColumns = new[] { "species" }, OneHotClasses = 3 });
        Assert.Equal((3, 2, 3), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, data.Targets.ToArray());
        Assert.Equal(new float[] { 0.5f, 1, 0.25f, 2, 1, 3 }, data.Features.ToArray());
    }

    [Fact]
    public void Another_separator_can_be_chosen()
    {
        var options = new CsvOptions { LabelColumns = new[] { "y" }, Separator = ';' };
        string path = _dir.Write("semi.csv", "x;y\n1.5;2\n");
        var data = Csv.Load<double>(path, options);
        Assert.Equal(new double[] { 1.5 }, data.Features.ToArray());
        Assert.Equal(new double[] { 2 }, data.Targets.ToArray());

        // With ';' between cells, "1,5" is one cell, and not a number in the invariant culture.
        string comma = _dir.Write("semi-comma.csv", "x;y\n1,5;2\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load<double>(comma, options));
        Assert.Contains("line 2, column 'x': '1,5' is not a number", error.Message);
    }

    [Fact]
    public void A_missing_cell_names_file_line_and_column()
    {
        string path = _dir.Write("missing.csv", "x1,x2,x3,y\n1,2,3,4\n5,6\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(path, "y"));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("column 'x3'", error.Message);
        Assert.Contains("missing", error.Message);
        Assert.Contains("2 cells", error.Message);
        Assert.Contains("4 columns", error.Message);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_and_column()
    {
        // Line 4 is the bad one: the blank line 3 still counts.
        string path = _dir.Write("text.csv", "x,y\n1,2\n\n3,abc\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(path, "x"));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 4", error.Message);
        Assert.Contains("column 'y'", error.Message);
        Assert.Contains("'abc' is not a number", error.Message);

        // A decimal comma is not a number in the invariant culture.
        string comma = _dir.Write("comma.csv", "x,y\n\"1,5\",2\n");
        var commaError = Assert.Throws<InvalidDataException>(() => Csv.Load(comma, "y"));
        Assert.Contains("line 2, column 'x'", commaError.Message);
        Assert.Contains("'1,5'", commaError.Message);
    }

    [Fact]
    public void Empty_and_non_finite_cells_are_rejected_with_their_place()
    {
        string empty = _dir.Write("empty-cell.csv", "x,y\n1,\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(empty, "y"));
        Assert.Contains("line 2, column 'y'", error.Message);
        Assert.Contains("empty", error.Message);

        string nan = _dir.Write("nan.csv", "x,y\n1,2\n2,3\nNaN,1\n");
        var nanError = Assert.Throws<InvalidDataException>(() => Csv.Load(nan, "y"));
        Assert.Contains("line 4, column 'x'", nanError.Message);
        Assert.Contains("not a finite number", nanError.Message);

        // 1e39 is finite as a double but overflows a float.
        string big = _dir.Write("big.csv", "x,y\n1e39,1\n");
        Assert.Contains("line 2, column 'x'", Assert.Throws<InvalidDataException>(() => Csv.Load(big, "y")).Message);
        Assert.Equal(1e39, Csv.Load<double>(big, "y").Features[0]);
    }

    [Fact]
    public void Extra_cells_name_the_line()
    {
        string path = _dir.Write("extra.csv", "x,y\n1,2,3\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(path, "y"));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("3 cells", error.Message);
        Assert.Contains("'3'", error.Message);
    }

    [Fact]
    public void Empty_file_and_header_without_rows_are_rejected()
    {
        string empty = _dir.Write("empty.csv", "");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(empty, "y"));
        Assert.Contains(empty, error.Message);
        Assert.Contains("empty", error.Message);

        string blank = _dir.Write("blank.csv", "\n  \n");
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => Csv.Load(blank, "y")).Message);

        string headerOnly = _dir.Write("header.csv", "x,y\n");
        var noRows = Assert.Throws<InvalidDataException>(() => Csv.Load(headerOnly, "y"));
        Assert.Contains(headerOnly, noRows.Message);
        Assert.Contains("no data rows", noRows.Message);
    }

    [Fact]
    public void An_unknown_label_column_lists_the_header()
    {
        string path = _dir.Write("cols.csv", "x,y\n1,2\n");
        var error = Assert.Throws<ArgumentException>(() => Csv.Load(path, "label"));
        Assert.Contains(path, error.Message);
        Assert.Contains("no column 'label'", error.Message);
        Assert.Contains("'x', 'y'", error.Message);
        // Names are case-sensitive.
        Assert.Contains("no column 'Y'", Assert.Throws<ArgumentException>(() => Csv.Load(path, "Y")).Message);
    }

    [Fact]
    public void Bad_headers_are_rejected()
    {
        string twice = _dir.Write("twice.csv", "x,y,x\n1,2,3\n");
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(twice, "y"));
        Assert.Contains("'x' twice", error.Message);
        Assert.Contains("columns 1 and 3", error.Message);

        string unnamed = _dir.Write("unnamed.csv", "x,,y\n1,2,3\n");
        Assert.Contains("column 2 has no name", Assert.Throws<InvalidDataException>(() => Csv.Load(unnamed, "y")).Message);

        string unclosed = _dir.Write("unclosed.csv", "x,y\n\"1,2\n");
        var quote = Assert.Throws<InvalidDataException>(() => Csv.Load(unclosed, "y"));
        Assert.Contains("line 2, column 'x'", quote.Message);
        Assert.Contains("not closed", quote.Message);
    }

    [Fact]
    public void One_hot_labels_must_be_integer_classes()
    {
        string path = _dir.Write("labels.csv", "x,c\n1,0\n2,3\n");
        var options = new CsvOptions { LabelColumns = new[] { "c" }, OneHotClasses = 3 };
        var error = Assert.Throws<InvalidDataException>(() => Csv.Load(path, options));
        Assert.Contains("line 3, column 'c'", error.Message);
        Assert.Contains("'3' is not a class", error.Message);
        Assert.Contains("0 to 2", error.Message);

        string half = _dir.Write("half.csv", "x,c\n1,1.5\n");
        Assert.Contains("'1.5' is not a class", Assert.Throws<InvalidDataException>(() => Csv.Load(half, options)).Message);

        // Judged as written, not after rounding to float (each of these is an integer as a float).
        foreach (string cell in new[] { "1.00000001", "2.0000001", "1e-60" })
        {
            string near = _dir.Write("near.csv", $"x,c\n1,{cell}\n");
            var rounded = Assert.Throws<InvalidDataException>(() => Csv.Load(near, options));
            Assert.Contains($"line 2, column 'c': '{cell}' is not a class", rounded.Message);
            Assert.Contains($"'{cell}' is not a class", Assert.Throws<InvalidDataException>(() => Csv.Load<double>(near, options)).Message);
        }
    }

    [Fact]
    public void Options_are_checked()
    {
        string path = _dir.Write("ok.csv", "x,y,z\n1,2,3\n");
        Assert.Throws<ArgumentException>(() => Csv.Load(path));
        Assert.Throws<ArgumentException>(() => Csv.Load(path, "y", "y"));
        Assert.Throws<ArgumentException>(() => Csv.Load(path, "x", "y", "z")); // nothing left for the inputs
        Assert.Throws<ArgumentException>(() => Csv.Load(path, new CsvOptions { LabelColumns = new[] { "y", "z" }, OneHotClasses = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Csv.Load(path, new CsvOptions { LabelColumns = new[] { "y" }, OneHotClasses = 0 }));
        var missing = Assert.Throws<FileNotFoundException>(() => Csv.Load(_dir.File("none.csv"), "y"));
        Assert.Contains("none.csv", missing.Message);
    }
}
