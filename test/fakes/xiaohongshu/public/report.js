// Page telemetry and toasts of the creator center.

const COLLECT_URL = '/api/apm/web/collect';
const TOAST_MS = 3000;

/** Sends one event to the page's own collector; survives navigation. */
export function report(type, detail) {
  const body = JSON.stringify({ type, detail, at: Date.now() });
  navigator.sendBeacon(COLLECT_URL, new Blob([body], { type: 'text/plain' }));
}

/** Shows a short message at the top of the page. */
export function toast(text) {
  let container = document.querySelector('.d-toast-container');
  if (!container) {
    container = document.createElement('div');
    container.className = 'd-toast-container';
    document.body.append(container);
  }
  const item = document.createElement('div');
  item.className = 'd-toast';
  const span = document.createElement('span');
  span.className = 'd-toast-text';
  span.textContent = text;
  item.append(span);
  container.append(item);
  setTimeout(() => item.remove(), TOAST_MS);
}

/** Shown for any answer of the risk-control system (HTTP 461/471). */
export function riskToast() {
  toast('账号存在风险，请稍后再试');
}

/** True when an API answer comes from the risk-control system. */
export function isRiskAnswer(response) {
  return response.status === 461 || response.status === 471;
}
