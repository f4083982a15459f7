using Basalt.Model.Expressions;

namespace Basalt.Api.Items;

/// <summary>The top-level attribute names a condition reads (e.g. to refuse key attributes in a Query filter).</summary>
public static class ConditionPaths
{
    public static string? FirstTopLevelNameIn(ConditionNode condition, Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(predicate);
        return condition switch
        {
            AndCondition and => FirstTopLevelNameIn(and.Left, predicate) ?? FirstTopLevelNameIn(and.Right, predicate),
            OrCondition or => FirstTopLevelNameIn(or.Left, predicate) ?? FirstTopLevelNameIn(or.Right, predicate),
            NotCondition not => FirstTopLevelNameIn(not.Operand, predicate),
            ComparisonCondition c => InOperand(c.Left, predicate) ?? InOperand(c.Right, predicate),
            BetweenCondition b => InOperand(b.Value, predicate) ?? InOperand(b.Lower, predicate) ?? InOperand(b.Upper, predicate),
            InCondition i => InOperand(i.Value, predicate) ?? i.Candidates.Select(o => InOperand(o, predicate)).FirstOrDefault(n => n is not null),
            FunctionCondition f => f.Arguments.Select(o => InOperand(o, predicate)).FirstOrDefault(n => n is not null),
            _ => null,
        };
    }

    private static string? InOperand(Operand operand, Func<string, bool> predicate) => operand switch
    {
        PathOperand p when predicate(p.Path.TopLevelName) => p.Path.TopLevelName,
        SizeOperand s => InOperand(s.Argument, predicate),
        _ => null,
    };
}
