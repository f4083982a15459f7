namespace Basalt.Model.Expressions;

/// <summary>Parser for ProjectionExpression: comma-separated document paths that must not overlap.</summary>
internal sealed class ProjectionParser : ParserCore
{
    private ProjectionParser(string text, ExpressionAttributes attributes)
        : base(text, attributes, ExpressionKind.Projection)
    {
    }

    public static IReadOnlyList<DocumentPath> Parse(string text, ExpressionAttributes attributes)
    {
        CheckText(text, ExpressionKind.Projection);
        var parser = new ProjectionParser(text, attributes);
        var paths = new List<DocumentPath>();
        do
        {
            if (!parser.IsPathStart(parser.Current))
            {
                throw parser.SyntaxError();
            }

            var path = parser.ParsePath();
            parser.CheckOverlap(paths, path);
            paths.Add(path);
        }
        while (parser.Accept(TokenKind.Comma));

        if (parser.Current.Kind != TokenKind.Eof)
        {
            throw parser.SyntaxError();
        }

        parser.Errors.ThrowIfAny(ExpressionKind.Projection);
        return paths;
    }
}
