// The Mini App's REST calls: every one carries the raw initData as "Authorization: tma <initData>".

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

export function createApi(initData, base = "/api/player") {
  async function call(method, path, body) {
    let res;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          Authorization: "tma " + initData,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (e) {
      throw new ApiError(0, "OFFLINE", e.message);
    }
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = null;
    }
    if (!res.ok) {
      const err = (json && json.error) || {};
      throw new ApiError(res.status, err.code || "HTTP_" + res.status, err.message);
    }
    return json;
  }
  return {
    me: () => call("GET", "/me"),
    raffles: () => call("GET", "/raffles"),
    raffle: (id) => call("GET", "/raffles/" + id),
    buy: (id, quantity) => call("POST", "/raffles/" + id + "/purchases", { quantity }),
    freeEntry: (id) => call("POST", "/raffles/" + id + "/free-entry"),
    tickets: () => call("GET", "/tickets"),
    draw: (id) => call("GET", "/raffles/" + id + "/draw"),
    /** The rest of a long ticket list, from the public proof's paged endpoint. */
    ticketPage: async (id, after) => {
      const res = await fetch(`/public/raffles/${id}/draw/tickets?after=${after}&limit=5000`, { cache: "no-store" });
      if (!res.ok) throw new ApiError(res.status, "HTTP_" + res.status, "ticket list");
      return res.json();
    },
  };
}
