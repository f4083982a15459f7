namespace Basalt.Router.Forwarding;

/// <summary>A request the router could not deliver: no node answered it within the retry budget (the API answers 500).</summary>
public sealed class ForwardingException(string message, Exception? inner = null) : Exception(message, inner);
