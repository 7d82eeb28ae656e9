using System;

namespace NetGen.Tests.Training;

/// <summary>
/// PyTorch's update rules as the torch.optim documentation writes them (the algorithm boxes of SGD, Adam, AdamW and
/// RMSprop), in plain double arithmetic, one parameter at a time. Written from the documentation, apart from the
/// runtime's optimizers, to check them: for example Adam here forms m_hat and v_hat explicitly, as the docs do.
/// </summary>
internal sealed record TorchOptimReference
{
    private readonly string _kind;
    private double[]? _m, _v, _b, _g;
    private int _t;

    private TorchOptimReference(string kind) => _kind = kind;

    public double Lr { get; init; }
    public double Momentum { get; init; }
    public double Dampening { get; init; }
    public double WeightDecay { get; init; }
    public bool Nesterov { get; init; }
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double Alpha { get; init; } = 0.99;
    public bool Centered { get; init; }

    /// <summary>clip_grad_value_ then clip_grad_norm_, applied to the gradient before the step; null: none.</summary>
    public double? ClipValue { get; init; }
    public double? ClipNorm { get; init; }

    public static TorchOptimReference Sgd(double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false) =>
        new("sgd") { Lr = lr, Momentum = momentum, Dampening = dampening, WeightDecay = weightDecay, Nesterov = nesterov };

    public static TorchOptimReference Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0) =>
        new("adam") { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };

    public static TorchOptimReference AdamW(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01) =>
        new("adamw") { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };

    public static TorchOptimReference RmsProp(double lr, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false) =>
        new("rmsprop") { Lr = lr, Alpha = alpha, Eps = eps, WeightDecay = weightDecay, Momentum = momentum, Centered = centered };

    /// <summary>One step of the documented algorithm on <paramref name="theta"/> with gradient <paramref name="gradient"/> (not changed).</summary>
    public void Step(double[] theta, double[] gradient)
    {
        int n = theta.Length;
        _m ??= new double[n];
        _v ??= new double[n];
        _b ??= new double[n];
        _g ??= new double[n];
        _t++;
        double[] g = (double[])gradient.Clone();
        if (ClipValue is double c)
        {
            for (int i = 0; i < n; i++) g[i] = Math.Max(-c, Math.Min(c, g[i]));
        }
        if (ClipNorm is double maxNorm)
        {
            double norm = 0;
            for (int i = 0; i < n; i++) norm += g[i] * g[i];
            norm = Math.Sqrt(norm);
            double coefficient = Math.Min(1.0, maxNorm / (norm + 1e-6));
            for (int i = 0; i < n; i++) g[i] *= coefficient;
        }
        for (int i = 0; i < n; i++)
        {
            switch (_kind)
            {
                case "sgd":
                {
                    // g_t <- g_t + lambda theta; b_t <- mu b_{t-1} + (1 - tau) g_t (b_1 = g_1);
                    // g_t <- g_t + mu b_t (nesterov) or b_t; theta_t <- theta_{t-1} - gamma g_t
                    double gt = g[i] + WeightDecay * theta[i];
                    if (Momentum != 0)
                    {
                        _b[i] = _t > 1 ? Momentum * _b[i] + (1 - Dampening) * gt : gt;
                        gt = Nesterov ? gt + Momentum * _b[i] : _b[i];
                    }
                    theta[i] = theta[i] - Lr * gt;
                    break;
                }
                case "adam":
                case "adamw":
                {
                    double gt = g[i];
                    if (_kind == "adamw") theta[i] = theta[i] - Lr * WeightDecay * theta[i];
                    else gt += WeightDecay * theta[i];
                    _m[i] = Beta1 * _m[i] + (1 - Beta1) * gt;
                    _v[i] = Beta2 * _v[i] + (1 - Beta2) * gt * gt;
                    double mHat = _m[i] / (1 - Math.Pow(Beta1, _t));
                    double vHat = _v[i] / (1 - Math.Pow(Beta2, _t));
                    theta[i] = theta[i] - Lr * mHat / (Math.Sqrt(vHat) + Eps);
                    break;
                }
                case "rmsprop":
                {
                    double gt = g[i] + WeightDecay * theta[i];
                    _v[i] = Alpha * _v[i] + (1 - Alpha) * gt * gt;
                    double vTilde = _v[i];
                    if (Centered)
                    {
                        _g[i] = Alpha * _g[i] + (1 - Alpha) * gt;
                        vTilde -= _g[i] * _g[i];
                    }
                    if (Momentum > 0)
                    {
                        _b[i] = Momentum * _b[i] + gt / (Math.Sqrt(vTilde) + Eps);
                        theta[i] = theta[i] - Lr * _b[i];
                    }
                    else
                    {
                        theta[i] = theta[i] - Lr * gt / (Math.Sqrt(vTilde) + Eps);
                    }
                    break;
                }
                default:
                    throw new InvalidOperationException(_kind);
            }
        }
    }
}
