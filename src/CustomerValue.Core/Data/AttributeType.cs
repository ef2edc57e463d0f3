namespace CustomerValue.Core.Data;

/// <summary>Type of an extra customer attribute, inferred from its values unless a spec sets it.</summary>
public enum AttributeType
{
    Numeric,
    Categorical,
}
