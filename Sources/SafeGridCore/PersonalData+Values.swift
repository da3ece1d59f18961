/// The values that carry personal data, with it masked (``PersonalData/masked(_:)``) for those who
/// do not need it in full: what `safegrid` prints, exports and bundles unless `--show-personal`
/// asks for it in clear, and what the web app shows to a role that does not contact people.
/// A venue's own documents (its rectification notice and re-inspection record) are not masked:
/// they go to the venue, whose contact they name. SECURITY.md, "Personal data", says where each
/// is kept and for whom.
extension Venue {
    /// The venue with its contact (the responsible person and phone) masked.
    public func withPersonalDataMasked() -> Venue {
        var venue = self
        venue.contact = PersonalData.masked(contact)
        return venue
    }
}

extension Area {
    /// The area with its follower's and leader's phones masked; their names stay, as a report
    /// names who follows each area.
    public func withPersonalDataMasked() -> Area {
        var area = self
        area.followerPhone = followerPhone.map(PersonalData.masked)
        area.leaderPhone = leaderPhone.map(PersonalData.masked)
        return area
    }
}

extension VenueFile {
    /// The file with the venue's contact and its areas' phones masked.
    public func withPersonalDataMasked() -> VenueFile {
        var file = self
        file.venue = venue.withPersonalDataMasked()
        file.grid = grid?.withPersonalDataMasked()
        file.policeGrid = policeGrid?.withPersonalDataMasked()
        return file
    }
}

extension InspectionPlan {
    /// The plan with each venue's contact masked.
    public func withPersonalDataMasked() -> InspectionPlan {
        var plan = self
        for index in plan.entries.indices { plan.entries[index].venue = plan.entries[index].venue.withPersonalDataMasked() }
        return plan
    }
}

extension ReminderList {
    /// The list with each person's phone masked.
    public func withPersonalDataMasked() -> ReminderList {
        var list = self
        for index in list.people.indices { list.people[index].phone = list.people[index].phone.map(PersonalData.masked) }
        return list
    }
}

extension PersonalData {
    /// What to keep when `incoming` replaces `stored`: `stored` when `incoming` is its masked
    /// form, so that a masked copy (a reference bundle made without `--show-personal`, merged
    /// back) never overwrites the number it hides; `incoming` otherwise.
    public static func keeping(_ stored: String?, over incoming: String?) -> String? {
        guard let stored, let incoming, stored != incoming, masked(stored) == incoming else { return incoming }
        return stored
    }
}

extension Venue {
    /// This venue as it replaces `stored`, its contact kept from `stored` where this one holds
    /// only its masked form (``PersonalData/keeping(_:over:)``).
    public func keepingPersonalData(of stored: Venue) -> Venue {
        var venue = self
        venue.contact = PersonalData.keeping(stored.contact, over: contact) ?? contact
        return venue
    }
}

extension Area {
    /// This area as it replaces `stored`, its phones kept from `stored` where this one holds
    /// only their masked form.
    public func keepingPersonalData(of stored: Area) -> Area {
        var area = self
        area.followerPhone = PersonalData.keeping(stored.followerPhone, over: followerPhone)
        area.leaderPhone = PersonalData.keeping(stored.leaderPhone, over: leaderPhone)
        return area
    }
}
