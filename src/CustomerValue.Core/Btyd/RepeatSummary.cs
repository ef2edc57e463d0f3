namespace CustomerValue.Core.Btyd;

/// <summary>
/// A customer's calibration-period history as the "buy till you die" models see it, all times in
/// one unit (weeks or days, stated by whoever builds it).
/// </summary>
/// <param name="Frequency">x: repeat purchase periods (same-day purchases count once).</param>
/// <param name="Recency">tₓ: time from the first purchase to the last one.</param>
/// <param name="Age">T: time from the first purchase to the end of calibration.</param>
/// <param name="MeanRepeatSpend">z̄: mean value of the repeat purchases, 0 when x = 0.</param>
public readonly record struct RepeatSummary(double Frequency, double Recency, double Age, double MeanRepeatSpend = 0);
