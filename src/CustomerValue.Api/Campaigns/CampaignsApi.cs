using CustomerValue.Api.Customers;
using CustomerValue.Api.Security;
using CustomerValue.Core.Access;
using CustomerValue.Core.Campaigns;
using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Campaigns;

/// <summary>
/// Campaigns with a control group: creating one and exporting its treatment list is admin work; reading a
/// campaign and its measured result is open to readers, as the lists are. The result comes from
/// <c>cvml campaign evaluate</c>, which has the follow-up transactions.
/// </summary>
public static class CampaignsApi
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/campaigns").WithTags("Campaigns")
            .RequireScope(ApiScope.Admin).WithRequestLimits();

        admin.MapPost("/", Create)
            .WithName("CreateCampaign")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Freeze the reactivation list (its filters and budget) with a seeded control group drawn per value-at-stake decile; scope admin");
        admin.MapGet("/{name}/treatment", GetTreatment)
            .WithName("GetCampaignTreatment")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign's treatment list as CSV for the sending tool; the control group is never exported; scope admin")
            .Produces(StatusCodes.Status200OK, contentType: ReactivationApi.CsvContentType);

        var read = app.MapGroup("/v1/campaigns").WithTags("Campaigns")
            .RequireScope(ApiScope.Read).WithRequestLimits();

        read.MapGet("/{name}", GetCampaign)
            .WithName("GetCampaign")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The campaign: run, date, control share and seed, group sizes, when it was last evaluated");
        read.MapGet("/{name}/result", GetResult)
            .WithName("GetCampaignResult")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The measured result of the latest 'cvml campaign evaluate': treatment against control, overall and by decile, with intervals");

        return app;
    }

    static async Task<Results<Created<CampaignResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CampaignRequest request, ICustomerStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.ToDefinition(out var errors) is not { } definition)
            return TypedResults.ValidationProblem(errors);
        if (await store.GetLatestRunAsync(cancellationToken) is null)
            return SegmentsApi.NotScoredYet();
        try
        {
            var (campaign, _) = await CampaignPlanner.CreateAsync(store, definition, clock, cancellationToken);
            return TypedResults.Created($"/v1/campaigns/{Uri.EscapeDataString(campaign.Name)}", campaign.ToResponse());
        }
        catch (CampaignExistsException e)
        {
            return TypedResults.Problem(title: "Campaign exists", detail: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(title: "No campaign created", detail: e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetTreatment(
        string name, ICustomerStore store, CancellationToken cancellationToken)
    {
        var campaign = await store.GetCampaignAsync(name, cancellationToken);
        if (campaign is null) return UnknownCampaign(name);
        var members = await store.GetCampaignMembersAsync(name, cancellationToken);
        return TypedResults.Stream(
            body => CampaignExport.WriteTreatmentAsync(body, members, cancellationToken),
            contentType: ReactivationApi.CsvContentType + "; charset=utf-8",
            fileDownloadName: $"campaign-treatment-{campaign.Date:yyyy-MM-dd}.csv");
    }

    static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> GetCampaign(
        string name, ICustomerStore store, CancellationToken cancellationToken) =>
        await store.GetCampaignAsync(name, cancellationToken) is { } campaign
            ? TypedResults.Ok(campaign.ToResponse())
            : UnknownCampaign(name);

    static async Task<Results<Ok<CampaignResult>, ProblemHttpResult>> GetResult(
        string name, ICustomerStore store, CancellationToken cancellationToken)
    {
        var campaign = await store.GetCampaignAsync(name, cancellationToken);
        if (campaign is null) return UnknownCampaign(name);
        return campaign.Result is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem(
                title: "Not evaluated yet",
                detail: $"Campaign '{name}' has no result yet: run 'cvml campaign evaluate --name \"{name}\"' with the transactions after {campaign.Date:yyyy-MM-dd}.",
                statusCode: StatusCodes.Status404NotFound);
    }

    static ProblemHttpResult UnknownCampaign(string name) => TypedResults.Problem(
        title: "Unknown campaign",
        detail: $"No campaign named '{name}' in the store.",
        statusCode: StatusCodes.Status404NotFound);
}
