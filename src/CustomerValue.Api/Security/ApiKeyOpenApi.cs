using CustomerValue.Core.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CustomerValue.Api.Security;

/// <summary>
/// Declares the <c>X-Api-Key</c> scheme and, on each operation that needs one, the scope as the requirement's role
/// (OpenAPI 3.1 lets non-OAuth schemes list roles). Anonymous predictions add the empty requirement: the key is optional.
/// </summary>
public sealed class ApiKeyOpenApi(IOptions<ApiSecurityOptions> options) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "A key made with 'cvml keys add'. Scopes: predict (predictions), read (customers, segments, lists), admin (reload).",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().LastOrDefault() is not { } required)
            return Task.CompletedTask;
        var scheme = new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document);
        operation.Security = [new OpenApiSecurityRequirement { [scheme] = [required.Scope.Name()] }];
        if (required.Scope == ApiScope.Predict && options.Value.AllowAnonymousPredictions == true)
            operation.Security.Add(new OpenApiSecurityRequirement());
        return Task.CompletedTask;
    }
}
