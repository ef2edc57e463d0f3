using CustomerValue.Core.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CustomerValue.Api.Customers;

public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/customers").WithTags("Customers");

        api.MapGet("/{id}", GetCustomer)
            .WithName("GetCustomer")
            .WithSummary("The customer's latest stored score: value, churn, stage, segment, next action and the reasons");

        return api;
    }

    static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        string id, ICustomerStore store, CancellationToken cancellationToken)
    {
        var customer = await store.GetCustomerAsync(id, cancellationToken);
        return customer is null
            ? TypedResults.Problem(
                title: "Unknown customer",
                detail: $"Customer '{id}' is not in the current scoring run.",
                statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(customer.ToResponse());
    }
}
