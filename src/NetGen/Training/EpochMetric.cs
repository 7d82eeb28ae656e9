namespace NetGen;

/// <summary>A per-epoch quantity that early stopping, checkpoints and <see cref="PlateauSchedule"/> can watch.</summary>
public enum EpochMetric
{
    /// <summary>The validation loss (Keras' <c>val_loss</c>): lower is better. Needs validation data.</summary>
    ValidationLoss = 0,

    /// <summary>The validation accuracy (Keras' <c>val_accuracy</c>): higher is better. Needs validation data.</summary>
    ValidationAccuracy = 1,

    /// <summary>The epoch's training loss (Keras' <c>loss</c>): lower is better.</summary>
    TrainingLoss = 2,
}

/// <summary>Which way an <see cref="EpochMetric"/> improves.</summary>
internal static class EpochMetricExtensions
{
    /// <summary>True for quantities where higher is better.</summary>
    public static bool IsMaximized(this EpochMetric monitor) => monitor == EpochMetric.ValidationAccuracy;

    /// <summary>True for quantities computed on validation data.</summary>
    public static bool NeedsValidation(this EpochMetric monitor) => monitor != EpochMetric.TrainingLoss;
}
