using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Helpers;
using NetGen.Generator.Model;

namespace NetGen.Generator;

public sealed partial class MlpGenerator
{
    internal static partial class Parser
    {
        /// <summary>The attribute settings for shipping a model: <c>InferenceOnly</c> and the <c>Weights</c> file.</summary>
        internal readonly record struct ShippingOptions(bool InferenceOnly, string? WeightsFile);

        /// <summary>Reads <c>InferenceOnly</c> and <c>Weights</c>; an empty <c>Weights</c> is NG0041.</summary>
        private static ShippingOptions ReadShippingOptions(Dictionary<string, TypedConstant> named, Location location, List<DiagnosticInfo> diagnostics)
        {
            bool inferenceOnly = named.TryGetValue("InferenceOnly", out var flag) && ScalarValue(flag) is true;
            string? weights = ReadString(named, "Weights", null);
            if (weights is not null && weights.Trim().Length == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNameEmpty, location));
            }
            return new ShippingOptions(inferenceOnly, weights?.Trim());
        }

        /// <summary>The parsed network with its shipping options; a network that bakes weights carries the attribute's location for the file's diagnostics.</summary>
        private static ParseResult WithShippingOptions(NetworkSpec network, ShippingOptions shipping, Location location)
        {
            var spec = network with { InferenceOnly = shipping.InferenceOnly, WeightsFile = shipping.WeightsFile };
            return new ParseResult(spec, EquatableArray<DiagnosticInfo>.Empty)
            {
                WeightsLocation = shipping.WeightsFile is null ? null : LocationInfo.From(location),
            };
        }
    }
}
