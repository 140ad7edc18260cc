package main

import "linka/cases"

// demoUser is one demo login.
type demoUser struct {
	login, name, about, ext, dept string
	roles                         []cases.Role
}

func demoUsers() []demoUser {
	return []demoUser{
		{"dispecerka", "Jana Dvořáková", "clerk, extension 101", "101", "", []cases.Role{cases.RoleClerk}},
		{"operator", "Tomáš Marek", "clerk, extension 102", "102", "", []cases.Role{cases.RoleClerk}},
		{"pasek", "František Pásek", "clerk, extension 103", "103", "", []cases.Role{cases.RoleClerk}},
		{"jonas", "Adam Jonáš", "official, Doprava", "201", "DOP", []cases.Role{cases.RoleOfficial}},
		{"kulhanek", "Adam Kulhánek", "official, Správní", "202", "SPR", []cases.Role{cases.RoleOfficial}},
		{"bezdekova", "Eva Bezděková", "official, Investice", "203", "INV", []cases.Role{cases.RoleOfficial}},
		{"horak", "Martin Horák", "official, Bytové", "204", "BYT", []cases.Role{cases.RoleOfficial}},
		{"svobodova", "Lucie Svobodová", "official, Finanční", "205", "FIN", []cases.Role{cases.RoleOfficial}},
		{"vedouci", "Ing. Hana Králová", "supervisor", "100", "", []cases.Role{cases.RoleSupervisor}},
		{"spravce", "Petr Beneš", "admin", "", "", []cases.Role{cases.RoleAdmin}},
		{"ustredna", "Karel Veselý", "PBX admin", "", "", []cases.Role{cases.RolePBXAdmin}},
		{"poverenec", "Mgr. Alena Šťastná", "data-protection officer", "", "", []cases.Role{cases.RoleDPO}},
	}
}

func demoDepartments() []cases.Department {
	return []cases.Department{
		{Code: "DOP", Name: "Doprava", Email: "doprava@urad.example.cz", Active: true},
		{Code: "SPR", Name: "Správní", Email: "spravni@urad.example.cz", Active: true},
		{Code: "INV", Name: "Investice", Email: "investice@urad.example.cz", Active: true},
		{Code: "BYT", Name: "Bytové", Email: "bytove@urad.example.cz", Active: true},
		{Code: "FIN", Name: "Finanční", Email: "financni@urad.example.cz", Active: true},
		{Code: "ZP", Name: "Životní prostředí", Email: "zivotni@urad.example.cz", Active: true},
	}
}

// demoCaseTypes are the shipped types with their legal regimes
// (docs/workflow.md) and two of the office's own without one.
func demoCaseTypes() []cases.CaseType {
	return append(cases.DefaultCaseTypes(),
		cases.CaseType{Code: "podnet", Name: "Podnět", DeadlineDays: 30, Active: true},
		cases.CaseType{Code: "oznameni", Name: "Oznámení", DeadlineDays: 30, Active: true})
}

// demoSubject is a realistic submission with its department code.
type demoSubject struct{ dept, subject, text string }

func demoSubjects() []demoSubject {
	return []demoSubject{
		{"DOP", "Stížnost na stav řešení parkování v ulici Nerudova", "Občan si stěžuje, že v ulici dlouhodobě parkují auta na chodníku a kontrola neprobíhá."},
		{"DOP", "Nefunkční semafor na křižovatce", "Semafor na křižovatce u školy nesvítí od rána, hrozí nebezpečí pro děti."},
		{"DOP", "Výtluky ve vozovce", "V ulici jsou hluboké výtluky, poškodily pneumatiku."},
		{"DOP", "Žádost o vyznačení přechodu pro chodce", "Lidé přecházejí u zastávky, chybí přechod."},
		{"DOP", "Chybějící dopravní značka", "Po stavbě zmizela značka zákaz vjezdu."},
		{"INV", "Požadavek na nákup laviček", "Prosíme o doplnění laviček v parku u rybníka."},
		{"INV", "Rekonstrukce dětského hřiště", "Herní prvky jsou rozbité, dotaz na termín rekonstrukce."},
		{"INV", "Osvětlení cyklostezky", "Na cyklostezce podél řeky chybí veřejné osvětlení."},
		{"BYT", "Oznámení neprovedení úklidu v obecním domě", "Ve společných prostorách domu se neuklízí už měsíc."},
		{"BYT", "Zatékání do obecního bytu", "Střechou zatéká do bytu v posledním patře."},
		{"BYT", "Žádost o výměnu bytu", "Nájemnice žádá o menší byt kvůli zdravotnímu stavu."},
		{"BYT", "Rušení nočního klidu sousedy", "Opakované rušení nočního klidu v domě."},
		{"SPR", "Dotaz k vydání občanského průkazu", "Jak dlouho trvá vydání občanského průkazu a co je potřeba?"},
		{"SPR", "Stížnost na jednání úředníka", "Občan si stěžuje na nevhodné jednání na přepážce."},
		{"SPR", "Žádost o informace o územním plánu", "Žádost o poskytnutí informací o změně územního plánu."},
		{"FIN", "Dotaz k poplatku za odpad", "Proč přišla složenka na poplatek za odpad dvakrát?"},
		{"FIN", "Žádost o splátkový kalendář", "Žádost o rozložení poplatku do splátek."},
		{"FIN", "Reklamace platby poplatku za psa", "Platba byla odeslána, ale není připsána."},
		{"ZP", "Černá skládka u lesa", "U lesní cesty za sídlištěm vznikla černá skládka."},
		{"ZP", "Kácení stromů v parku", "Proč se kácí zdravé stromy v parku?"},
		{"ZP", "Přeplněné kontejnery na tříděný odpad", "Kontejnery na plast jsou přeplněné už týden."},
		{"ZP", "Zápach z kanalizace", "Z kanálu v ulici se šíří silný zápach."},
	}
}

func demoFirstNames() (male, female []string) {
	return []string{"Petr", "Jan", "Jiří", "Pavel", "Martin", "Tomáš", "Jaroslav", "Miroslav", "Zdeněk", "Václav", "Josef", "Michal", "Lukáš", "Ondřej", "Jakub", "David"},
		[]string{"Jana", "Marie", "Eva", "Hana", "Anna", "Lenka", "Kateřina", "Lucie", "Věra", "Alena", "Petra", "Natálie", "Veronika", "Tereza", "Zuzana", "Michaela"}
}

// demoSurnames returns male surnames with their female forms.
func demoSurnames() [][2]string {
	return [][2]string{{"Novotný", "Novotná"}, {"Novák", "Nováková"}, {"Svoboda", "Svobodová"}, {"Dvořák", "Dvořáková"},
		{"Černý", "Černá"}, {"Procházka", "Procházková"}, {"Kučera", "Kučerová"}, {"Veselý", "Veselá"},
		{"Horák", "Horáková"}, {"Němec", "Němcová"}, {"Pokorný", "Pokorná"}, {"Marek", "Marková"},
		{"Pospíšil", "Pospíšilová"}, {"Hájek", "Hájková"}, {"Jelínek", "Jelínková"}, {"Král", "Králová"},
		{"Růžička", "Růžičková"}, {"Beneš", "Benešová"}, {"Fiala", "Fialová"}, {"Sedláček", "Sedláčková"},
		{"Doležal", "Doležalová"}, {"Zeman", "Zemanová"}, {"Kolář", "Kolářová"}, {"Bezděk", "Bezděková"},
		{"Šťastný", "Šťastná"}, {"Kříž", "Křížová"}, {"Čermák", "Čermáková"}, {"Řezníček", "Řezníčková"}}
}

func demoStreets() []string {
	return []string{"Nerudova", "nám. 6. dubna", "Vršovická", "Kodaňská", "Ruská", "Moskevská", "Bulharská",
		"Přemyslovská", "Jabloňová", "Zahradní", "Školní", "Husova", "Palackého", "Sokolská", "Na Louži"}
}
