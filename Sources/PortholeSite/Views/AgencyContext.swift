import PortholeCore

/// The agency as every page's header and footer show it.
enum AgencyContext {
    static func of(_ portal: Portal) -> PageContext {
        var agency: PageContext = ["name": portal.agency.name]
        if let url = portal.agency.url { agency["url"] = url }
        if let contact = portal.agency.contact { agency["contact"] = contact }
        return agency
    }

}
