// Importing a function file registers it; the Functions host and the local host both load this list.
import './submitRequest.js';
import './previewRequest.js';
import './getRequest.js';
import './listRequests.js';
import './approveRequest.js';
import './rejectRequest.js';
import './cancelRequest.js';
import './revokeRequest.js';
import './health.js';
import './openApi.js';
import './intakeRequests.js';
import './executeOperations.js';
import './sweepRequests.js';
import './notifyApprovers.js';
import './writeBackTickets.js';
import './retryNotifications.js';
import './routeNotFound.js';
