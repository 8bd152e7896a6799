/** An Entra object ID: the only way a ticket may name its requester (a name or a UPN is never an identity). */
export const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const OBJECT_ID_MESSAGE = "must be the requester's Entra object ID (a GUID), never a name or a UPN";
