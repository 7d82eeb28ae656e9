namespace NetGen.Tests.Persistence;

/// <summary>
/// A model file written by PyTorch 1.13 (Debian python3-torch) from nested lists, with the outputs PyTorch computed.
/// Produced by this script, run once; its output is pasted below:
/// <code>
/// torch.manual_seed(6)
/// m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
/// doc = {"format": "netgen-mlp", "version": 1, "layers": [3, 4, 2], "activations": ["tanh", "linear"], "loss": "MSE",
///        "parameters": {"W1": m[0].weight.tolist(), "b1": m[0].bias.tolist(), "W2": m[2].weight.tolist(), "b2": m[2].bias.tolist()},
///        "metadata": {"source": "torch " + torch.__version__}}
/// print(json.dumps(doc))
/// print(m(torch.tensor([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]])).tolist())
/// flat = torch.cat([p.detach().flatten() for p in m.parameters()]).numpy()   # float32, the flat order
/// b = io.BytesIO(); np.save(b, flat); print(base64.b64encode(b.getvalue()).decode())
/// </code>
/// </summary>
internal static class TorchFixture
{
    public const string Json = """{"format": "netgen-mlp", "version": 1, "layers": [3, 4, 2], "activations": ["tanh", "linear"], "loss": "MSE", "parameters": {"W1": [[0.08336655795574188, 0.0622100755572319, 0.5621427893638611], [0.12474183738231659, -0.3063928782939911, -0.05868249014019966], [0.2013062983751297, 0.2863743007183075, 0.06940805166959763], [-0.38407954573631287, -0.1924542337656021, -0.04070058837532997]], "b1": [0.15385717153549194, 0.31089839339256287, -0.32943353056907654, 0.3250432312488556], "W2": [[0.3644093871116638, 0.10517317056655884, -0.135026216506958, -0.2464228868484497], [-0.3357961177825928, -0.21668046712875366, -0.1141810417175293, 0.3337479829788208]], "b2": [0.11732172966003418, -0.10766863822937012]}, "metadata": {"source": "torch 1.13.0a0"}}""";

    public static readonly float[][] Inputs = { new[] { 0.5f, -1.0f, 2.0f }, new[] { 0.0f, 0.25f, -0.75f } };

    public static readonly double[][] Outputs = { new[] { 0.4703924059867859, -0.3827446699142456 }, new[] { 0.022947140038013458, 0.05026322603225708 } };

    /// <summary>The same parameters as <c>np.save</c> wrote them (float32, shape (26,)), base64.</summary>
    public const string ParametersNpy = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDI2LCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoWvKo9/s9+PZfoDz+meP89h9+cvg1dcL09I04+p5+SPs8ljj0TpsS+uRJFvqm1Jr28jB0+Ey6fPoOrqL4RbKY+3pO6Pghl1z1QRAq+SFZ8vnjtq7584V2+wNfpvQThqj5gRvA9YIHcvQ==";
}
