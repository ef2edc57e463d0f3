using CustomerValue.Api.Admin;
using CustomerValue.Api.Campaigns;
using CustomerValue.Api.Customers;
using CustomerValue.Api.Diagnostics;
using CustomerValue.Api.Infrastructure;
using CustomerValue.Api.Predictions;
using CustomerValue.Api.Serving;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiDefaults();
builder.AddModelServing();
builder.AddPredictions();
builder.AddCustomerStore();

var app = builder.Build();

app.MapApiDefaults();
app.MapPredictionsApi();
app.MapCustomersApi();
app.MapSegmentsApi();
app.MapReactivationApi();
app.MapCampaignsApi();
app.MapModelApi();
app.MapAdminApi();
app.MapPingApi();

app.Run();
