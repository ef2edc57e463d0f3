using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CustomerValue.Api.Customers;

public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/customers").WithTags("Customers");

        api.MapGet("/{id}", GetCustomer)
            .WithName("GetCustomer")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The customer's latest stored score: value, churn, stage, segment, next action and the reasons")
            .WithDescription("An id holding '/' is sent as %2F; any id at all can be sent with GetCustomerById (?id=).");

        api.MapGet("/", GetCustomerById)
            .WithName("GetCustomerById")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The same as GetCustomer, the id in the query string, so ids with any character are reachable");

        return api;
    }

    static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        string id, ICustomerStore store, CancellationToken cancellationToken)
    {
        // Routing leaves an encoded slash encoded in the value, so that the path still splits into the right segments.
        id = id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var customer = await store.GetCustomerAsync(id, cancellationToken);
        return customer is null ? Unknown(id) : TypedResults.Ok(customer.ToResponse());
    }

    static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult, ValidationProblem>> GetCustomerById(
        [FromQuery(Name = "id")] string? id, ICustomerStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["is required: the customer id, URL-encoded."] });
        var customer = await store.GetCustomerAsync(id, cancellationToken);
        return customer is null ? Unknown(id) : TypedResults.Ok(customer.ToResponse());
    }

    static ProblemHttpResult Unknown(string id) => TypedResults.Problem(
        title: "Unknown customer",
        detail: $"Customer '{id}' is not in the current scoring run.",
        statusCode: StatusCodes.Status404NotFound);
}
