using System.Globalization;
using CustomerValue.Core.Domain;

namespace CustomerValue.Modeling.Synthetic;

/// <summary>
/// Simulates customers one at a time. Customer <c>i</c> depends only on the seed, the options and
/// <c>i</c>, so customers can be simulated in any order, on any thread, and come out the same.
/// </summary>
/// <remarks>
/// The process, in days from the start date: signup uniform over the acquisition window (start to
/// truth date); with probability q a first purchase after an Exp(κ) delay; from it an Exp(μ)
/// lifetime during which purchase occasions arrive at rate λ (Pareto/NBD). Each occasion is an
/// order of Gamma(shape, mean ζ) amount, followed with probability η by a second order the same
/// day. Each order is returned with probability ρ, 1…W days later, for j of its q items.
/// </remarks>
public sealed class CustomerSimulator
{
    public const string AgeBandColumn = "age_band";
    public const string LoyaltyPointsColumn = "loyalty_points";
    public const string StoreChannel = "store";
    public const string OnlineChannel = "online";

    const double SecondsPerDay = 86_400.0;

    readonly SyntheticDataOptions options;
    readonly SimulationParameters parameters;
    readonly DateTime origin;
    readonly int truthDayIndex;
    readonly double dataEnd;
    readonly string idFormat;
    readonly Sampler regions, devices, channels, ageBands;

    public CustomerSimulator(SyntheticDataOptions options, SimulationParameters? parameters = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        this.options = options;
        this.parameters = parameters ?? SimulationParameters.Default;
        origin = options.Start.ToDateTime(TimeOnly.MinValue);
        truthDayIndex = options.EffectiveTruthDate.DayNumber - options.Start.DayNumber;
        dataEnd = options.End.DayNumber - options.Start.DayNumber + 1;
        idFormat = "D" + Math.Max(6, options.Customers.ToString(CultureInfo.InvariantCulture).Length).ToString(CultureInfo.InvariantCulture);
        regions = new Sampler(this.parameters.Regions);
        devices = new Sampler(this.parameters.Devices);
        channels = new Sampler(this.parameters.Channels);
        ageBands = new Sampler(this.parameters.AgeBands);
    }

    public SyntheticDataOptions Options => options;
    public SimulationParameters Parameters => parameters;

    /// <summary>The id of customer <paramref name="index"/> (0-based): C000001, C000002, …</summary>
    public string CustomerId(int index) =>
        "C" + (index + 1L).ToString(idFormat, CultureInfo.InvariantCulture);

    public SimulatedCustomer Simulate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = RandomStream.For(options.Seed, index);
        var p = parameters;
        var customerId = CustomerId(index);

        var signupDay = random.NextInt(truthDayIndex + 1);
        var signup = signupDay + random.NextDouble();

        var region = regions.Next(random);
        var device = devices.Next(random);
        var channel = channels.Next(random);
        var ageBand = ageBands.Next(random);
        var newsletter = random.NextBool(p.Newsletter.Weight);
        var newsletterEffect = newsletter ? p.Newsletter : NoEffect;
        var postalCode = region.Value + random.NextInt(1000).ToString("000", CultureInfo.InvariantCulture);
        CovariateLevel[] levels = [region, device, channel, ageBand, newsletterEffect];

        var engagement = random.NextGaussian();
        var lambda = p.BasePurchaseRate
            * random.NextGammaWithMean(p.PurchaseRateShape, 1.0)
            * Product(levels, static l => l.PurchaseRate)
            * LogNormalFactor(p.EngagementOnPurchaseRate, engagement);
        var mu = p.BaseDropoutRate
            * random.NextGammaWithMean(p.DropoutShape, 1.0)
            * Product(levels, static l => l.Dropout)
            * LogNormalFactor(p.EngagementOnDropout, engagement);
        var meanSpend = p.BaseMeanSpend
            * random.NextGammaWithMean(p.MeanSpendShape, 1.0)
            * Product(levels, static l => l.Spend)
            * LogNormalFactor(p.EngagementOnSpend, engagement);
        var conversionProbability = Math.Clamp(p.BaseConversionProbability * Product(levels, static l => l.Conversion), 0.0, 1.0);
        var trueParameters = new TrueCustomerParameters(lambda, mu, meanSpend, conversionProbability, p.ConversionRate);

        var loyaltyPoints = random.NextBool(p.LoyaltyMemberShare)
            ? Math.Round(random.NextGammaWithMean(1.5, p.MeanLoyaltyPoints) * LogNormalFactor(p.EngagementOnLoyaltyPoints, engagement))
            : 0.0;

        var profile = new CustomerProfile(customerId)
        {
            SignupDate = options.Start.AddDays(signupDay),
            PostalCode = postalCode,
            Device = device.Value,
            Channel = channel.Value,
            Newsletter = newsletter,
            Attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [AgeBandColumn] = ageBand.Value,
                [LoyaltyPointsColumn] = loyaltyPoints.ToString("0", CultureInfo.InvariantCulture),
            },
        };

        var converts = random.NextBool(conversionProbability);
        var firstPurchase = converts ? signup + random.NextExponential(p.ConversionRate) : double.PositiveInfinity;
        var death = firstPurchase + random.NextExponential(mu);

        var truthEnd = truthDayIndex + 1.0;
        var rows = new List<Row>();
        var openOrders = new List<OpenOrder>();
        double? lastPurchaseBeforeTruth = null;
        var orderNumber = 0;
        var stop = Math.Min(death, dataEnd);
        for (var occasion = firstPurchase; occasion < stop; occasion += random.NextExponential(lambda))
        {
            if (occasion < truthEnd)
            {
                lastPurchaseBeforeTruth = occasion;
            }

            var orderChannel = random.NextBool(p.StoreOrderShare) ? StoreChannel : OnlineChannel;
            string? orderDevice = orderChannel == StoreChannel ? null
                : random.NextBool(p.OwnDeviceShare) ? device.Value
                : OtherDevice(random, device);
            AddOrder(occasion);
            if (random.NextBool(p.SameDayOrderProbability))
            {
                var dayEnd = Math.Floor(occasion) + 1.0;
                AddOrder(occasion + random.NextDouble() * Math.Min(0.125, dayEnd - occasion));
            }

            void AddOrder(double time)
            {
                orderNumber++;
                var orderId = customerId + "-" + orderNumber.ToString("00", CultureInfo.InvariantCulture);
                var amount = Math.Max(0.01, Math.Round(random.NextGammaWithMean(p.OrderSpendShape, meanSpend), 2, MidpointRounding.AwayFromZero));
                var quantity = 1 + random.NextPoisson(p.MeanExtraItems);
                rows.Add(new Row(time, rows.Count, new Transaction(customerId, Timestamp(time), amount, orderId, quantity, orderChannel, orderDevice)));

                var orderDay = (int)Math.Floor(time);
                var returned = random.NextBool(p.ReturnProbability);
                var returnDay = returned ? orderDay + 1 + random.NextInt(p.ReturnWindowDays) : int.MaxValue;
                if (orderDay <= truthDayIndex && truthDayIndex - orderDay < p.ReturnWindowDays && returnDay > truthDayIndex)
                {
                    openOrders.Add(new OpenOrder(truthDayIndex - orderDay, amount, quantity));
                }

                if (!returned)
                {
                    return;
                }

                var returnTime = returnDay + random.NextDouble();
                var items = 1 + random.NextInt(quantity);
                if (returnTime < dataEnd)
                {
                    var refund = TruthCalculator.Refund(amount, quantity, items);
                    rows.Add(new Row(returnTime, rows.Count, new Transaction(customerId, Timestamp(returnTime), -refund, orderId, -items, orderChannel, orderDevice)));
                }
            }
        }

        rows.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Sequence.CompareTo(b.Sequence));
        var transactions = new Transaction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            transactions[i] = rows[i].Transaction;
        }

        var history = new HistoryAtTruthDate(
            DaysSinceSignup: truthEnd - signup,
            DaysSinceLastPurchase: truthEnd - lastPurchaseBeforeTruth,
            OpenOrders: openOrders);
        var truth = TruthCalculator.Compute(customerId, trueParameters, history, options.HorizonDays, p);
        var alive = firstPurchase < truthEnd ? death > truthEnd : converts;
        return new SimulatedCustomer(profile, trueParameters, transactions, truth, alive);
    }

    /// <summary>
    /// Whole seconds, with the day taken from the day index so that a time never rounds into the
    /// next day (the truth's return arithmetic counts whole days).
    /// </summary>
    DateTime Timestamp(double time)
    {
        var day = Math.Floor(time);
        var seconds = Math.Min(SecondsPerDay - 1, Math.Floor((time - day) * SecondsPerDay));
        return origin.AddDays(day).AddSeconds(seconds);
    }

    string OtherDevice(RandomStream random, CovariateLevel own)
    {
        var others = parameters.Devices.Count - 1;
        if (others == 0)
        {
            return own.Value;
        }

        var pick = random.NextInt(others);
        var ownIndex = IndexOf(parameters.Devices, own);
        return parameters.Devices[pick >= ownIndex ? pick + 1 : pick].Value;
    }

    static int IndexOf(IReadOnlyList<CovariateLevel> levels, CovariateLevel level)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            if (ReferenceEquals(levels[i], level))
            {
                return i;
            }
        }

        return -1;
    }

    static double Product(CovariateLevel[] levels, Func<CovariateLevel, double> factor)
    {
        var product = 1.0;
        foreach (var level in levels)
        {
            product *= factor(level);
        }

        return product;
    }

    /// <summary>e^(a·z − a²/2): mean 1 over z ~ N(0, 1), so the loadings shift no averages.</summary>
    static double LogNormalFactor(double loading, double z) => Math.Exp(loading * z - 0.5 * loading * loading);

    static readonly CovariateLevel NoEffect = new("false", 1.0);

    readonly record struct Row(double Time, int Sequence, Transaction Transaction);

    sealed class Sampler(IReadOnlyList<CovariateLevel> levels)
    {
        readonly double[] weights = levels.Select(l => l.Weight).ToArray();
        readonly double total = levels.Sum(l => l.Weight);

        public CovariateLevel Next(RandomStream random) => levels[random.NextWeighted(weights, total)];
    }
}
