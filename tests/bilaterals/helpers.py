from agenda.bilaterals import services


def request(a, b, *, by=None, **kwargs):
    return services.bilateral_request(requester=a, counterpart=b, by=by, **kwargs)


def accepted(a, b, *, by=None, **kwargs):
    bilateral = request(a, b, by=by, **kwargs)
    return services.bilateral_accept(bilateral=bilateral, by=by, side="counterpart")


def schedule(bilateral, room, start, *, by=None):
    return services.bilateral_schedule(bilateral=bilateral, room=room, starts_at=start, by=by)
