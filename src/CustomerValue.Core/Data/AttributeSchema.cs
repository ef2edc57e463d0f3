namespace CustomerValue.Core.Data;

/// <summary>The extra columns of a customers file, in file order, with their types and how often they are missing.</summary>
public sealed class AttributeSchema(IReadOnlyList<AttributeInfo> attributes)
{
    public IReadOnlyList<AttributeInfo> Attributes { get; } = attributes;

    public AttributeInfo? Find(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<AttributeInfo> Numeric => Attributes.Where(a => a.Type == AttributeType.Numeric);

    public IEnumerable<AttributeInfo> Categorical => Attributes.Where(a => a.Type == AttributeType.Categorical);
}

/// <summary>
/// One extra customer column. <see cref="Type"/> is Numeric when every present value parses as a
/// number in the source culture (and at least one is present), unless the spec set it
/// (<see cref="Inferred"/> false). <see cref="Missing"/> counts loaded customers without a value.
/// </summary>
public sealed record AttributeInfo(string Name, AttributeType Type, long Present, long Missing, bool Inferred = true);
