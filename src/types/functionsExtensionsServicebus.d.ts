// The package ships TypeScript sources that do not compile under this project's strict settings; the broker only
// imports it for its side effect (registering the Service Bus SDK binding), so no types are needed from it.
export {};
